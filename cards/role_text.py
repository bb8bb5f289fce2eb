"""Role holders in words: who holds a role and where that comes from (every chat of the organisation, or this chat).
Markdown: names and role names are escaped (they are typed by users)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from bot.register.model import RoleHolder, role_key
from cards.catalogue import t
from cards.text import escape_markdown


def holder_text(holder: RoleHolder, locale: str | None) -> str:
    where = "role.from.every_chat" if holder.every_chat else "role.from.this_chat"
    name = escape_markdown(holder.person.name or holder.person.email or "") or t("owner.unknown_person", locale)
    if holder.added_by:
        return t(f"{where}_by", locale, name=name, by=escape_markdown(holder.added_by))
    return t(where, locale, name=name)


def holders_text(holders: Sequence[RoleHolder], locale: str | None) -> str:
    return ", ".join(holder_text(h, locale) for h in holders)


def roles_text(holders: Sequence[RoleHolder], locale: str | None) -> str:
    """Every role held in a chat, one line each (the /role command with no role named)."""
    if not holders:
        return t("reply.role.list_empty", locale)
    lines = [t("reply.role.list", locale)]
    for _, group in groupby(holders, key=lambda h: role_key(h.role_name)):
        held = list(group)
        role = escape_markdown(held[0].role_name)
        lines.append(t("reply.role.holders", locale, role=role, names=holders_text(held, locale)))
    return "\n\n".join(lines)
