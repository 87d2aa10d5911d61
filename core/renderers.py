"""A form renderer for the public lists' filter forms (core.pages.FilteredPageMixin).

Django renders each widget through its templates: a select of twelve member states is
a template, an included template per option and another per option's attributes, some
fifty template renders for one field. On the lists (home, cities, projects,
partnerships, documents) that was a fifth of the page's Python on a cache miss. This
renderer writes the few widget templates those forms use (inputs, selects, checkboxes,
hidden inputs) in Python, character for character as Django's templates write them
(tests/core/test_renderers.py compares the two on every filter form); any other
template goes through Django's templates as before."""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData, mark_safe

from .rows import escaped

WIDGETS = "django/forms/widgets/"


def _formatted(value):
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe."""
    text = str(value) if isinstance(value, tuple) else value
    try:
        text = "%s" % text  # noqa: UP031 (the filter's own formatting)
    except (ValueError, TypeError):
        text = ""
    # The filter is is_safe: its output is safe exactly when its input was.
    return escaped(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(renderer, widget):
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's test)
    return (
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _input_include(renderer, widget):
    """text.html, number.html, hidden.html and the other one-line inputs."""
    return _input(renderer, widget) + "\n"


def _select_option(renderer, widget):
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{escaped(widget['label'])}</option>\n"
    )


def _select(renderer, widget):
    """django/forms/widgets/select.html"""
    parts = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in options:
            parts.append("\n  " + renderer.render_widget(option["template_name"], option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _input_option(renderer, widget):
    """django/forms/widgets/input_option.html"""
    html = _input(renderer, widget)
    if widget["wrap_label"]:
        element_id = widget["attrs"].get("id")
        label_for = f' for="{escaped(element_id)}"' if element_id else ""
        html = f"<label{label_for}>{html} {escaped(widget['label'])}</label>"
    return html + "\n"


def _option_include(renderer, widget):
    """checkbox_option.html and radio_option.html: input_option.html and a new line."""
    return _input_option(renderer, widget) + "\n"


def _multiple_input(renderer, widget):
    """django/forms/widgets/multiple_input.html"""
    element_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{escaped(element_id)}"' if element_id else "",
        f' class="{escaped(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{escaped(group)}</label>")
        for option in options:
            html = renderer.render_widget(option["template_name"], option)
            parts.append(f"<div>\n    {html}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _multiple_include(renderer, widget):
    """checkbox_select.html and radio.html: multiple_input.html and a new line."""
    return _multiple_input(renderer, widget) + "\n"


PYTHON_TEMPLATES = {
    WIDGETS + "input.html": _input,
    **{
        f"{WIDGETS}{kind}.html": _input_include
        for kind in ("text", "number", "hidden", "search", "email", "url", "tel", "password")
    },
    WIDGETS + "select.html": _select,
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "checkbox_option.html": _option_include,
    WIDGETS + "radio_option.html": _option_include,
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_include,
    WIDGETS + "radio.html": _multiple_include,
}


class PythonWidgetRenderer(DjangoTemplates):
    """Django's template form renderer, with the common widget templates in Python."""

    def render_widget(self, template_name, widget):
        """One widget template, as an `{% include %}` of it writes it (not stripped)."""
        python = PYTHON_TEMPLATES.get(template_name)
        if python is not None:
            return python(self, widget)
        return self.get_template(template_name).render({"widget": widget})

    def render(self, template_name, context, request=None):
        python = PYTHON_TEMPLATES.get(template_name)
        if python is None or set(context) != {"widget"}:
            return super().render(template_name, context, request=request)
        return python(self, context["widget"]).strip()


renderer = PythonWidgetRenderer()
