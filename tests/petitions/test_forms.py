"""How every form of the application copies its class's fields (petitions.forms.FieldTemplates)."""

from django import forms

from petitions.forms import BootstrapMixin, FilterForm, RegistrationForm


class Sample(BootstrapMixin, forms.Form):
    name = forms.CharField(max_length=5)
    kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])
    grouped = forms.ChoiceField(choices=[("组", [("x", "X"), ("y", "Y")])])
    when = forms.SplitDateTimeField(required=False)


def test_each_form_has_its_own_fields_widgets_and_choices():
    first, second = Sample(), Sample()
    for name in Sample.base_fields:
        one, other, template = first.fields[name], second.fields[name], Sample.base_fields[name]
        assert one is not other and one is not template
        assert type(one) is type(template)
        assert one.widget is not other.widget and one.widget.attrs is not other.widget.attrs
        assert one.error_messages is not other.error_messages and one.validators is not other.validators

    first.fields["name"].widget.attrs["placeholder"] = "姓名"
    first.fields["name"].error_messages["required"] = "请填写"
    first.fields["name"].validators.append(lambda value: None)
    first.fields["kind"].choices = [("c", "丙")]
    first.fields["grouped"].choices[0][1].append(("z", "Z"))

    fresh = Sample()
    assert "placeholder" not in fresh.fields["name"].widget.attrs
    assert fresh.fields["name"].error_messages["required"] != "请填写"
    assert len(fresh.fields["name"].validators) == len(Sample.base_fields["name"].validators)
    assert fresh.fields["kind"].choices == [("a", "甲"), ("b", "乙")]
    assert fresh.fields["grouped"].choices == [("组", [("x", "X"), ("y", "Y")])]
    # The copies still carry what the class gave them (Bootstrap's classes) and still work.
    assert fresh.fields["kind"].widget.attrs["class"] == "form-select"
    form = Sample({"name": "张三", "kind": "b", "grouped": "y"})
    assert form.is_valid(), form.errors
    assert Sample({"name": "张三", "kind": "c", "grouped": "y"}).errors["kind"]


def test_a_widget_of_several_widgets_is_copied_whole():
    first, second = Sample(), Sample()
    assert first.fields["when"].widget.widgets[0] is not second.fields["when"].widget.widgets[0]


def test_reference_and_model_choice_fields_are_copied_per_form(db, registrar):
    first, second = RegistrationForm(user=registrar), RegistrationForm()
    assert first.fields["place"].choices is not second.fields["place"].choices
    assert first.fields["repeat_of"].queryset is not second.fields["repeat_of"].queryset
    assert FilterForm().fields["state"].widget.attrs["class"] == "form-select form-select-sm"
