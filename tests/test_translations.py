"""The Simplified Chinese catalog: complete, consistent with its msgids, compiled, and the default language.

The .po file is read with the small parser below (polib is not a dependency). The compiled .mo is checked
through Django's own translation machinery: every entry of the .po must come out of ``gettext`` exactly as
written, which fails when the .mo is stale or missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from petitions import actions
from petitions.documents import DocumentKind, compose
from petitions.states import PetitionState

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# --------------------------------------------------------------------------------------------------------------
# A minimal .po reader.

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(token: str, lineno: int) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"django.po line {lineno}: not a quoted string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), token[1:-1])


@dataclass
class Entry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgctxt(self) -> str | None:
        return self.fields.get("msgctxt")

    @property
    def msgid_plural(self) -> str | None:
        return self.fields.get("msgid_plural")

    @property
    def msgstrs(self) -> dict[str, str]:
        """``{"msgstr": ...}`` for a simple entry, ``{"msgstr[0]": ..., ...}`` for a plural one."""
        return {key: value for key, value in self.fields.items() if key.startswith("msgstr")}

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries left out), header included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    pending_flags: set[str] = set()
    key: str | None = None

    def close():
        nonlocal entry, key
        if entry is not None:
            if "msgid" not in entry.fields or not entry.msgstrs:
                raise ValueError(f"django.po line {entry.line}: incomplete entry")
            entries.append(entry)
        entry, key = None, None

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstrs:
                close()
            if line.startswith("#,"):
                pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, token = match.groups()
            if entry is not None and keyword in ("msgctxt", "msgid") and entry.msgstrs:
                close()
            if entry is None:
                entry, pending_flags = Entry(line=lineno, flags=pending_flags), set()
            if keyword in entry.fields:
                raise ValueError(f"django.po line {lineno}: {keyword} given twice in one entry")
            key = keyword
            entry.fields[key] = _unquote(token, lineno)
        elif line.startswith('"') and entry is not None and key is not None:
            entry.fields[key] += _unquote(line, lineno)
        else:
            raise ValueError(f"django.po line {lineno}: cannot parse {raw!r}")
    close()
    return entries


# --------------------------------------------------------------------------------------------------------------
# Helpers.

_PLACEHOLDER = re.compile(
    r"%\([^)]*\)[#0+-]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(seconds).1f
    r"|%[#0+-]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d
    r"|\{\w*\}"  # {name}, {0}, {}
)
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
# ASCII punctuation touching a Chinese character: Chinese text takes full-width ，。：；？！（）.
_ASCII_PUNCTUATION_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]")


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing; run makemessages -l zh_Hans"
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(catalog) -> list[Entry]:
    """Every translatable entry (the header left out)."""
    found = [entry for entry in catalog if not entry.is_header]
    assert len(found) > 100, "the catalog looks truncated"
    return found


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------
# The .po file itself.


def test_header_declares_simplified_chinese_with_a_single_plural_form(catalog):
    header = next(entry for entry in catalog if entry.is_header)
    lines = dict(line.split(":", 1) for line in header.fields["msgstr"].splitlines() if ":" in line)
    assert lines["Language"].strip() == "zh_Hans"
    assert lines["Plural-Forms"].strip() == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in lines["Content-Type"]
    assert "fuzzy" not in header.flags


def test_every_entry_has_a_translation(entries):
    problems = [f"{entry} {key} is empty" for entry in entries for key, value in entry.msgstrs.items() if not value]
    assert not problems, _report(problems)


def test_plural_entries_have_exactly_the_one_chinese_form(entries):
    problems = [
        f"{entry} has {sorted(entry.msgstrs)}"
        for entry in entries
        if entry.msgid_plural is not None and sorted(entry.msgstrs) != ["msgstr[0]"]
    ]
    assert not problems, _report(problems)


def test_no_entry_is_fuzzy(entries):
    """Django ignores fuzzy entries: each one would show in English."""
    problems = [str(entry) for entry in entries if "fuzzy" in entry.flags]
    assert not problems, _report(problems)


def test_placeholders_are_the_same_in_msgid_and_msgstr(entries):
    problems = []
    for entry in entries:
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for key, value in entry.msgstrs.items():
            if placeholders(value) != expected:
                problems.append(f"{entry} {key}: {sorted(placeholders(value))} instead of {sorted(expected)}")
    assert not problems, _report(problems)


def test_translations_are_written_in_chinese(entries):
    """No English left in a msgstr, and Chinese punctuation next to Chinese characters."""
    problems = []
    for entry in entries:
        for key, value in entry.msgstrs.items():
            text = _PLACEHOLDER.sub("", value)
            if not _CJK.search(text):
                problems.append(f"{entry} {key} has no Chinese: {value!r}")
            elif _ASCII_PUNCTUATION_IN_CHINESE.search(text):
                problems.append(f"{entry} {key} uses ASCII punctuation in Chinese text: {value!r}")
    assert not problems, _report(problems)


def test_placeholder_pattern_finds_every_kind_used():
    assert placeholders("%(names)s and %s, %d, %(seconds).1f s, {count}, 100%% done") == {
        "%(names)s",
        "%s",
        "%d",
        "%(seconds).1f",
        "{count}",
    }


def test_parser_reads_context_plural_flags_and_continuations():
    text = (
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "ctx"\nmsgid ""\n"Two "\n"lines %(x)s"\nmsgstr "两行%(x)s"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s日"\n\n'
        '#~ msgid "gone"\n#~ msgstr "旧"\n'
    )
    header, first, second = parse_po(text)
    assert header.is_header and header.fields["msgstr"] == "Language: zh_Hans\n"
    assert (first.msgctxt, first.msgid, first.msgstrs) == ("ctx", "Two lines %(x)s", {"msgstr": "两行%(x)s"})
    assert first.flags == {"fuzzy", "python-format"}
    assert (second.msgid_plural, second.msgstrs) == ("%(n)s days", {"msgstr[0]": "%(n)s日"})


# --------------------------------------------------------------------------------------------------------------
# The compiled catalog, through Django.


def _lookups(entry: Entry):
    """(what Django returns for the entry, what the .po says it should be) for each way the entry is looked up."""
    if entry.msgid_plural is not None:
        for n in (1, 5):
            if entry.msgctxt is None:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            yield got, entry.msgstrs["msgstr[0]"], entry.msgid if n == 1 else entry.msgid_plural
    elif entry.msgctxt is None:
        yield translation.gettext(entry.msgid), entry.msgstrs["msgstr"], entry.msgid
    else:
        yield translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstrs["msgstr"], entry.msgid


def test_compiled_catalog_matches_the_po_file(entries):
    """Every .po entry comes out of Django as written: the .mo is compiled and not stale."""
    problems = []
    with translation.override("zh-hans"):
        for entry in entries:
            for got, expected, _english in _lookups(entry):
                if got != expected:
                    problems.append(f"{entry}: Django gives {got!r}, the .po says {expected!r}")
    assert not problems, _report(problems) + "\nRun: manage.py compilemessages -l zh_Hans --ignore=.venv"


def test_english_stays_english(entries):
    problems = []
    with translation.override("en"):
        for entry in entries:
            for got, _expected, english in _lookups(entry):
                if got != english:
                    problems.append(f"{entry}: English gives {got!r}")
    assert not problems, _report(problems)


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        (None, "Registered", "已登记"),
        (None, "Being handled", "办理中"),
        (None, "Appeal or demand", "申诉求决"),
        (None, "Letter", "来信"),
        (None, "Basically satisfied", "基本满意"),
        (None, "Owning leader", "包案领导"),
        (None, "query code", "查询码"),
        (None, "%(names)s:", "%(names)s："),
        (None, "I. Handling opinion", "一、处理意见"),
        ("document title", "Notice of acceptance", "受理告知书"),
        ("document title", "Re-review opinion on a petition", "信访事项复核意见书"),
        ("separator between names", ", ", "、"),
    ],
)
def test_key_terms_come_out_in_chinese_and_stay_english_in_english(context, msgid, chinese):
    def look_up():
        return translation.gettext(msgid) if context is None else translation.pgettext(context, msgid)

    with translation.override("zh-hans"):
        assert look_up() == chinese
    with translation.override("en"):
        assert look_up() == msgid


def test_plural_forms_use_the_single_chinese_form():
    with translation.override("zh-hans"):
        assert translation.ngettext("%(n)s day", "%(n)s days", 1) % {"n": 1} == "1日"
        assert translation.ngettext("%(n)s day", "%(n)s days", 30) % {"n": 30} == "30日"
    with translation.override("en"):
        assert translation.ngettext("%(n)s day", "%(n)s days", 30) % {"n": 30} == "30 days"


def test_lazy_labels_follow_the_active_language():
    with translation.override("zh-hans"):
        assert str(PetitionState.TERMINATED.label) == "已终结"
    with translation.override("en"):
        assert str(PetitionState.TERMINATED.label) == "Terminated"


# --------------------------------------------------------------------------------------------------------------
# The default language of the site.


@pytest.mark.django_db
def test_login_page_is_chinese_without_accept_language(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "工作人员登录" in html
    assert "Staff login" not in html


@pytest.mark.django_db
def test_login_page_is_english_once_english_is_chosen(client):
    """English comes from the language menu (its cookie), never from the browser's Accept-Language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert "Staff login" in html
    assert "工作人员登录" not in html


# --------------------------------------------------------------------------------------------------------------
# Official documents read as Chinese official documents.


@pytest.mark.django_db
def test_acceptance_notice_reads_as_a_chinese_official_notice(petition, registrar, township):
    p = actions.petition_assign(actor=registrar, petition=petition, unit=township, on=dt.date(2026, 3, 3))
    due = p.original_handling_due_on or p.handling_due_on
    with translation.override("zh-hans"):
        texts = [block.text for block in compose(p, DocumentKind.ACCEPTANCE, user=registrar)]
    assert texts[0] == "受理告知书"
    assert texts[1] == f"登记编号：{p.number}　查询码：{p.display_query_code}"
    assert texts[2] == "张三："
    assert texts[3] == (
        "你（你们）于2026年3月2日提出的关于“反映村道损毁问题”的信访事项，"
        "本机关已根据《信访工作条例》规定，于2026年3月3日依法受理。"
    )
    assert texts[4] == (
        f"该信访事项已交由{township.name}办理，办理单位将于{due.year}年{due.month}月{due.day}日前"
        "向你（你们）出具书面处理意见。"
    )
    assert texts[-1] == "2026年3月3日"
