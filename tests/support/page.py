"""A browser-like client for the answer page: keeps cookies, reads the page's forms and posts them as a browser
would (hidden fields included), without following redirects so tests see them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import aiohttp
from yarl import URL


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(found.get("action", "")))
        elif tag == "input" and self.forms and found.get("type") == "hidden":
            self.forms[-1].fields[found["name"]] = found.get("value", "")


@dataclass
class Page:
    status: int
    html: str
    headers: dict[str, str]

    def form(self, verb: str) -> Form:
        parser = _Forms()
        parser.feed(self.html)
        for form in parser.forms:
            if form.fields.get("verb") == verb:
                return form
        raise AssertionError(f"no {verb} form on the page")

    @property
    def text(self) -> str:
        body = self.html.split("<body>", 1)[-1]
        return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def page_path(link: str) -> str:
    """/a/<token> from a link in an email (which names CHASER_PUBLIC_URL, not the test's port)."""
    return urlsplit(link).path


class PageClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        # unsafe: keep cookies for 127.0.0.1 (aiohttp drops cookies for IP hosts by default).
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def get(self, path: str) -> Page:
        async with self.session.get(self.base_url + path, allow_redirects=False) as response:
            return Page(response.status, await response.text(), dict(response.headers))

    async def post(self, form: Form, **values: str) -> Page:
        data = {**form.fields, **values}
        async with self.session.post(self.base_url + form.action, data=data, allow_redirects=False) as response:
            return Page(response.status, await response.text(), dict(response.headers))

    async def answer(self, path: str, verb: str, **values: str) -> Page:
        """Open the page, post one of its forms, and follow the redirect as a browser does."""
        page = await self.get(path)
        posted = await self.post(page.form(verb), **values)
        if posted.status != 303:
            return posted
        location = URL(posted.headers["Location"])
        return await self.get(location.path_qs)

    async def close(self) -> None:
        await self.session.close()
