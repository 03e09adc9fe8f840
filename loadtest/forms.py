"""Reading forms and links out of the app's HTML, the way a browser sees them."""

import html
import re

INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"')
ARTICLE_LINK = re.compile(r'href="/ask-our-experts/([a-z0-9][a-z0-9-]*)"')
APPOINTMENT_LINK = re.compile(r'href="/frontdesk/appointments/(\d+)"')
MANAGE_LINK = re.compile(r'href="/visit/([A-Za-z0-9_-]+)/"')
SELECTED_OPTION = re.compile(r"<option\b[^>]*\bselected\b[^>]*>")


def inputs(page_html: str) -> list[dict[str, str]]:
    """Every <input>'s attributes, in page order, entities decoded."""
    found = []
    for tag in INPUT.findall(page_html):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}
        if " checked" in tag:
            attributes["checked"] = "checked"
        found.append(attributes)
    return found


def choices(page_html: str, name: str) -> list[str]:
    """The values offered by the radio buttons or checkboxes called `name`."""
    return [
        field["value"]
        for field in inputs(page_html)
        if field.get("name") == name and field.get("type") in ("radio", "checkbox")
    ]


def safe_answers(page_html: str) -> dict[str, str]:
    """Answer every yes/no or multiple-choice safety question with "no" or "none", and the
    age question with an adult's age."""
    answers: dict[str, str] = {}
    for field in inputs(page_html):
        name, value = field.get("name"), field.get("value")
        if name == "age" and field.get("type") == "number":
            answers[name] = "40"
            continue
        if field.get("type") not in ("radio", "checkbox") or not name or name == "acknowledge":
            continue
        if value in ("no", "none") and answers.get(name) != "no":
            answers[name] = value
    return answers


def selected_value(page_html: str, select_name: str) -> str | None:
    """The selected option of <select name=...>."""
    start = page_html.find(f'name="{select_name}"')
    if start < 0:
        return None
    end = page_html.find("</select>", start)
    option = SELECTED_OPTION.search(page_html, start, end)
    if option is None:
        return None
    value = re.search(r'value="([^"]*)"', option.group(0))
    return value.group(1) if value else None


def article_slugs(page_html: str) -> list[str]:
    return sorted({slug for slug in ARTICLE_LINK.findall(page_html) if slug != "ask"})


def appointment_ids(page_html: str) -> list[int]:
    return sorted({int(found) for found in APPOINTMENT_LINK.findall(page_html)})


def manage_token(page_html: str) -> str | None:
    found = MANAGE_LINK.search(page_html)
    return found.group(1) if found else None
