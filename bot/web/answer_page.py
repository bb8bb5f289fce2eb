"""GET and POST /a/<token>: the sign-in-free answer page for one person and one action.

Every request is rate-limited per client before anything is read. A token that is malformed, tampered with,
expired or revoked, that names an action that is gone, or a person who may no longer answer it, gets the same plain
403 page: nothing says which. Answers are POST forms protected from cross-site posting (a cookie and a field signed
together, and the Origin checked when the browser sends one); each goes through bot/teams/owner_answers.py, as the
card's do, and ends in a redirect (so a reload does not answer twice; a replayed form is recorded once anyway).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiohttp import web

from bot.register import answer_links
from bot.register.answer_links import Grant
from bot.register.control_chars import without_control_characters
from bot.register.errors import ChaserError, Conflict
from bot.register.model import Action, Person, Surface
from bot.register.ports import Clock
from bot.register.refusals import AUTHORISATION, STALE, record_refusal, refusal
from bot.register.service import ActionRegister
from bot.register.signing import signature, signed
from bot.store.sql import SqlStore
from bot.teams.language import Languages, catalogue_locale
from bot.teams.owner_answers import OwnerAnswers
from bot.web.rate_limit import RateLimiter, client_key
from cards.answer_page import LANGUAGE_CHOICES, STYLE_HASH, PageView, Problem, answer_page, plain_page

log = logging.getLogger(__name__)

COOKIE = "chaser_page"
MAX_FORM_BYTES = 16 * 1024
# Which field a refusal is about, so the page can put the message beside it.
_FIELDS = {
    "error.update.empty": "update",
    "error.snooze.date": "until",
    "error.reason.missing_hand_back": "reason",
    "error.reason.too_long": "reason",
}
_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src '{STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclasses.dataclass(frozen=True)
class Visit:
    """A request whose token checked out: what it may answer, and as whom."""

    grant: Grant
    action: Action
    actor: Person
    row: dict[str, Any] | None


class Refused(Exception):
    def __init__(self, status: int, kind: str, retry_after: float | None = None) -> None:
        super().__init__(kind)
        self.status = status
        self.kind = kind
        self.retry_after = retry_after


class AnswerPage:
    def __init__(
        self,
        *,
        secret: bytes,
        public_url: str,
        register: ActionRegister,
        answers: OwnerAnswers,
        store: SqlStore,
        languages: Languages,
        clock: Clock,
        per_minute: int,
    ) -> None:
        self.secret = secret
        self.public_url = public_url.rstrip("/")
        self.register = register
        self.answers = answers
        self.store = store
        self.languages = languages
        self.clock = clock
        self.limiter = RateLimiter(per_minute)
        self.secure_cookie = self.public_url.startswith("https://")

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/a/{token}", self.get), web.post("/a/{token}", self.post)]

    async def get(self, request: web.Request) -> web.StreamResponse:
        try:
            visit = await self._visit(request)
        except Refused as refused:
            return _plain(refused)
        notice: tuple[str, Mapping[str, object]] | None = None
        if request.query.get("answered") == "1":
            notice = ("page.answered", {})
        elif request.query.get("answered") == "0":
            notice = ("page.unchanged", {})
        elif request.query.get("saved") == "1":
            notice = ("page.language.saved", {})
        cookie = request.cookies.get(COOKIE, "")
        if not _good_cookie(cookie):
            cookie = secrets.token_urlsafe(24)
        response = await self._page(request, visit, notice=notice, cookie=cookie)
        response.set_cookie(
            COOKIE, cookie, path="/a/", httponly=True, samesite="Lax", secure=self.secure_cookie, max_age=86400
        )
        return response

    async def post(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._post(request)
        except Refused as refused:
            return _plain(refused)

    async def _post(self, request: web.Request) -> web.StreamResponse:
        visit = await self._visit(request)
        form = await self._form(request)
        verb = form.get("verb", "")
        seen = dataclasses.replace(visit.action, version=_version(form.get("version", "")))
        key = self._key(visit, verb, seen.version)
        try:
            if verb == "language":
                return await self._save_language(request, visit, form)
            changed = await self._answer(verb, seen, visit, form, key)
            if verb == "cant_do" and changed:
                # Handed back, the action is no longer theirs to answer: the link's next visit would be refused,
                # so this is the last page it shows.
                return web.Response(
                    text=plain_page("handed_back", _languages((visit.row or {}).get("language"))),
                    content_type="text/html",
                    headers=_HEADERS,
                )
        except Conflict:
            await self._refused(visit.action, visit.actor, STALE, verb, "page.stale")
            stale = ("page.stale", {"number": visit.action.number})
            return await self._page(request, await self._visit(request), notice=stale, status=409)
        except ChaserError as error:
            problem = Problem(error.key, error.params, _FIELDS.get(error.key))
            typed = {k: v for k, v in form.items() if k in ("update", "choice", "until", "reason", "suggest")}
            return await self._page(request, visit, problem=problem, typed=typed, status=400)
        location = f"{request.path}?answered={1 if changed else 0}{_lang_query(request, '&')}"
        raise web.HTTPSeeOther(location, headers=_HEADERS)

    async def _answer(self, verb: str, seen: Action, visit: Visit, form: Mapping[str, str], key: str) -> bool:
        actor, surface = visit.actor, Surface.PAGE
        note_locale = catalogue_locale(await self.languages.chat_language(seen.chat_id))
        if verb == "done":
            outcome = await self.answers.done(seen, actor, surface=surface, key=key, note_locale=note_locale)
        elif verb == "progress":
            update = form.get("update", "")
            outcome = await self.answers.progress(seen, actor, update=update, surface=surface, key=key)
        elif verb == "snooze":
            choice, picked = form.get("choice", ""), form.get("until", "")
            outcome = await self.answers.snooze(seen, actor, choice=choice, picked=picked, surface=surface, key=key)
        elif verb == "cant_do":
            outcome = await self.answers.cant_do(
                seen,
                actor,
                reason=form.get("reason", ""),
                suggested=form.get("suggest", ""),
                surface=surface,
                key=key,
                note_locale=note_locale,
            )
        else:
            raise Refused(400, "bad_form")
        return outcome.changed

    async def _save_language(self, request: web.Request, visit: Visit, form: Mapping[str, str]) -> web.StreamResponse:
        choice = form.get("language", "")
        if choice not in LANGUAGE_CHOICES:
            raise Refused(400, "bad_form")
        await self.store.update_person(visit.action.tenant_id, visit.actor, {"language": choice}, now=self.clock.now())
        raise web.HTTPSeeOther(f"{request.path}?saved=1&lang={_view_code(choice)}", headers=_HEADERS)

    # -- checks -----------------------------------------------------------------------------------------------

    async def _visit(self, request: web.Request) -> Visit:
        wait = self.limiter.allow(client_key(request.remote, request.headers.get("X-Forwarded-For")))
        if wait is not None:
            raise Refused(429, "too_many", retry_after=wait)
        grant = answer_links.read(self.secret, request.match_info["token"], now=self.clock.now())
        if grant is None:
            raise Refused(403, "forbidden")
        action = await self.register.store.get_action(grant.action_id)
        if action is None:
            raise Refused(403, "forbidden")
        someone = grant.as_person("")
        row = await self.store.find_person(action.tenant_id, someone)
        revoked_from = (row or {}).get("links_valid_from")
        if revoked_from is not None and grant.issued_at < revoked_from.replace(microsecond=0):
            raise Refused(403, "forbidden")
        actor = self._actor(grant, action, row)
        if not await self.register.may_change(action, actor):
            # A genuine link whose person may no longer answer (the action was handed on): a refusal of someone.
            await self._refused(action, actor, AUTHORISATION, request.method.lower(), "forbidden")
            raise Refused(403, "forbidden")
        return Visit(grant, action, actor, row)

    async def _refused(self, action: Action, actor: Person, category: str, what: str, reason: str) -> None:
        event = refusal(
            action_id=action.id,
            chat_id=action.chat_id,
            at=self.clock.now(),
            actor=actor,
            surface=Surface.PAGE,
            category=category,
            what=what[:40],
            reason=reason,
        )
        await record_refusal(self.store, event)

    @staticmethod
    def _actor(grant: Grant, action: Action, row: dict[str, Any] | None) -> Person:
        """The person the token names, with every id Chaser knows for them (so may_change sees one person)."""
        stored = row or {}
        owner = action.owner
        name = stored.get("name") or ""
        email = grant.email or stored.get("email")
        person = Person(name, aad_id=grant.aad_id or stored.get("aad_id"), user_id=stored.get("user_id"), email=email)
        if not name and owner is not None and person.is_same(owner):
            name = owner.name
        return dataclasses.replace(person, name=name or email or "")

    async def _form(self, request: web.Request) -> dict[str, str]:
        """The posted form, bounded and checked to come from this page (cookie and field signed together)."""
        origin = request.headers.get("Origin")
        if origin and origin != "null" and not self._same_origin(origin, request):
            raise Refused(403, "bad_form")
        if request.content_type != "application/x-www-form-urlencoded":
            raise Refused(400, "bad_form")
        body = await request.content.read(MAX_FORM_BYTES + 1)
        if len(body) > MAX_FORM_BYTES:
            raise Refused(413, "bad_form")
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20, strict_parsing=False)
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, "bad_form") from None
        form = {name: without_control_characters(value) for name, value in pairs}
        cookie = request.cookies.get(COOKIE, "")
        token = request.match_info["token"]
        if not _good_cookie(cookie) or not signed(self.secret, form.get("csrf", ""), "page-form", cookie, token):
            raise Refused(403, "bad_form")
        return form

    def _same_origin(self, origin: str, request: web.Request) -> bool:
        mine = urlsplit(self.public_url)
        given = urlsplit(origin)
        if (given.scheme, given.netloc) == (mine.scheme, mine.netloc):
            return True
        return given.netloc == request.host  # the page as reached (a local run, a host the operator put in front)

    def _key(self, visit: Visit, verb: str, version: int) -> str:
        who = visit.grant.person + "\x1f" + verb
        return f"page:{visit.action.id}:{version}:{hashlib.sha256(who.encode()).hexdigest()[:32]}"

    # -- pages ------------------------------------------------------------------------------------------------

    async def _page(
        self,
        request: web.Request,
        visit: Visit,
        *,
        notice: tuple[str, Mapping[str, object]] | None = None,
        problem: Problem | None = None,
        typed: Mapping[str, str] | None = None,
        cookie: str | None = None,
        status: int = 200,
    ) -> web.Response:
        cookie = cookie or request.cookies.get(COOKIE, "")
        stored_language = (visit.row or {}).get("language")
        languages = _languages(request.query.get("lang") or stored_language)
        action = visit.action
        occurrence = await self.register.occurrence(action)
        view = PageView(
            action=action,
            meeting_title=occurrence.title if occurrence else None,
            meeting_day=occurrence.started_at if occurrence else None,
            person_name=visit.actor.name,
            languages=languages,
            page_path=request.path,
            form_url=request.path + _lang_query(request, "?"),
            csrf=signature(self.secret, "page-form", cookie, request.match_info["token"]),
            notice=notice,
            problem=problem,
            typed=typed or {},
            chosen_language=stored_language if stored_language in LANGUAGE_CHOICES else None,
        )
        return web.Response(
            text=answer_page(view, tz=self.register.tz), content_type="text/html", status=status, headers=_HEADERS
        )


def _plain(refused: Refused) -> web.Response:
    headers = dict(_HEADERS)
    if refused.retry_after is not None:
        headers["Retry-After"] = str(max(1, round(refused.retry_after)))
    return web.Response(text=plain_page(refused.kind), content_type="text/html", status=refused.status, headers=headers)


def _good_cookie(value: str) -> bool:
    return 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()


def _version(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def _lang_query(request: web.Request, joiner: str) -> str:
    """The page's ?lang= choice, carried through its forms and redirects."""
    lang = request.query.get("lang")
    return f"{joiner}lang={lang}" if lang in ("cy", "en", "both") else ""


def _languages(choice: object) -> tuple[str, ...]:
    """The page's languages for a stored choice or a ?lang= value: Welsh, English, or Welsh then English."""
    return {"cy": ("cy",), "en": ("en",)}.get(str(choice), ("cy", "en"))


def _view_code(language: object) -> str:
    return {"cy": "cy", "en": "en"}.get(str(language), "both")
