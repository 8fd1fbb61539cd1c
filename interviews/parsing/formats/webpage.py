"""Saved web pages: the main text (trafilatura) and the page's own metadata.

A page saved from a browser carries navigation, scripts, share links, polls and
comments around the interview; trafilatura is the maintained extractor the field uses
to find the main text. Its Markdown output keeps bold, which matters: magazines set
questions in bold. Title, date, outlet and address come from the page's metadata
(`og:`, schema.org JSON-LD, `<time>`), the publication date before the date of the
last update.
"""

from __future__ import annotations

import json
import re

from ..dates import coerce_date
from ..header import Header
from ..text import squeeze
from .blocks import Extract, bold_paragraph
from .limits import check_markup

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
)
BYLINE_LEAD = re.compile(
    r"^(?:(?:an\s+)?interview(?:s|ed)?|entrevista|röportaj|gespräch|text|von|by|por|de)\b\s*(?:by|von|por|de|:)?\s*",
    re.I,
)
NOT_PEOPLE = re.compile(r"\b(?:staff|team|redaktion|redacción|editors?|desk|news|agency)\b", re.I)


def read_html(html: str, encoding: str = "") -> Extract:
    from bs4 import BeautifulSoup

    check_markup(html)
    soup = BeautifulSoup(html, "html.parser")
    header = page_metadata(html, soup)
    main = _main_text(html)
    fallback = html_text(soup)
    if not main:
        main, fallback = fallback, ""
    return Extract("html", text=main, header=header, encoding=encoding, fallback_text=fallback)


def _main_text(html: str) -> str:
    import logging

    import trafilatura

    # It logs every page it finds odd; the importer reports what matters itself.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    try:
        text = trafilatura.extract(
            html,
            output_format="markdown",
            include_formatting=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception:  # a page trafilatura's parser chokes on still has the fallback below
        return ""
    return text or ""


def page_metadata(html: str, soup) -> Header:
    import trafilatura

    header = Header()
    try:
        found = trafilatura.extract_metadata(html)
    except Exception:
        found = None
    ld = _json_ld(soup)
    metas = {
        (m.get("property") or m.get("name") or m.get("itemprop") or "").lower(): m.get("content")
        for m in soup.find_all("meta")
        if m.get("content")
    }
    header.title = squeeze(
        str(
            ld.get("headline")
            or metas.get("og:title")
            or (found.title if found else "")
            or (soup.title.get_text(" ", strip=True) if soup.title else "")
        )
    )
    published = (
        ld.get("datePublished")
        or next((metas[k] for k in PUBLISHED_META if metas.get(k)), None)
        or _time_element(soup)
        or (found.date if found else None)
    )
    header.date = coerce_date(published) if published else None
    header.source = squeeze(
        str(metas.get("og:site_name") or (found.sitename if found else "") or "")
    )
    header.url = str(
        metas.get("og:url") or _canonical(soup) or (found.url if found else "") or ""
    ).strip()
    root = soup.find("html")
    lang = (root.get("lang") if root else "") or metas.get("og:locale", "")
    header.language = lang[:2].lower() if re.match(r"^[A-Za-z]{2}\b", lang or "") else ""
    author = _ld_author(ld) or metas.get("author") or (found.author if found else "") or ""
    header.interviewers = byline_people(str(author))
    return header


def byline_people(byline: str) -> list[str]:
    """`Interview: Julia Lauter`, `By Ana Ruiz and Joe Bloggs` -> the people named."""
    text = BYLINE_LEAD.sub("", squeeze(byline)).strip(" :;,")
    if not text or NOT_PEOPLE.search(text) or re.search(r"[@/\d]", text):
        return []
    people = []
    for part in re.split(r"\s*(?:,|;|\band\b|\bund\b|\by\b|\bve\b|&)\s*", text):
        words = part.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            people.append(part)
    return people


def _json_ld(soup) -> dict:
    """The article object of the page's schema.org JSON-LD, if any."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (TypeError, ValueError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and (item.get("headline") or item.get("datePublished")):
                return item
    return {}


def _ld_author(ld: dict) -> str:
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        return str(author.get("name") or "")
    return str(author or "")


def _time_element(soup) -> str | None:
    for element in soup.find_all("time"):
        value = element.get("datetime") or element.get_text(" ", strip=True)
        if value and coerce_date(value):
            return value
    return None


def _canonical(soup) -> str:
    link = soup.find("link", rel="canonical")
    return link.get("href", "") if link else ""


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return (
        "<html" in head
        or "<!doctype html" in head
        or ("<p" in head and "</p>" in head)
        or ("<body" in head)
    )


def html_text(soup_or_html) -> str:
    """Readable text of a page without an extractor: its title, then one paragraph per block."""
    from bs4 import BeautifulSoup

    if isinstance(soup_or_html, str):
        check_markup(soup_or_html)
    soup = (
        BeautifulSoup(soup_or_html, "html.parser")
        if isinstance(soup_or_html, str)
        else BeautifulSoup(str(soup_or_html), "html.parser")
    )
    for tag in soup(
        ["script", "style", "noscript", "nav", "footer", "form", "aside", "iframe", "svg"]
    ):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for element in root.find_all(["h1", "h2", "h3", "p", "li", "blockquote", "dt", "dd", "pre"]):
        if element.find(["p", "li", "blockquote"]):
            continue
        text = re.sub(r"\s+", " ", element.get_text(" ", strip=True)).strip()
        strong = element.find(["strong", "b"])
        if strong and text.startswith(strong.get_text(" ", strip=True)):
            label = strong.get_text(" ", strip=True).rstrip(":")
            rest = text[len(strong.get_text(" ", strip=True)) :].lstrip(" :")
            if label and len(label) < 80 and rest:
                text = f"{label}: {rest}"
            elif label and not rest:
                text = bold_paragraph(text)
        if text:
            blocks.append(text)
    if title and (not blocks or blocks[0] != title):
        h1 = root.find("h1")
        blocks.insert(0, h1.get_text(" ", strip=True) if h1 else title)
    return "\n\n".join(blocks)
