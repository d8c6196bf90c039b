"""The interface is Simplified Chinese by default, whatever the browser asks for; English is a choice."""

from django.urls import reverse


def test_chinese_by_default_even_for_an_english_browser(client, db):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html and "登录" in html


def test_english_when_chosen_in_the_menu(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html and "Log in" in html
