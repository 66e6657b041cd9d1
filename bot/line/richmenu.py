"""`portalbot richmenu deploy`: the rich menus of richmenu/ on the LINE channel (SPEC §2.10).

Each `richmenu/<key>.json` (a LINE rich menu object, in Japanese) becomes one menu per
language, each with its alias (`portalbot-guest`, `portalbot-guest-en`…; the tabs switch between
a language's aliases with `richmenuswitch`): bot/line/richmenu_languages.py reads its words in
the language. Its image is drawn here for the city the bot serves and the language
(richmenu/render.py; the header names the city of the imported data, bot/city_source.py),
unless an image `<key>.png` / `.jpg` (`<key>@en.png` for English…) was put beside the
definition by hand. The Japanese guest menu is the channel's default; every other resident is
linked to the menu of their language (registered or guest; the disaster menu in disaster mode).

Re-running is clean: a menu whose definition and image are unchanged is kept (its name carries
a digest of both); a changed one is created anew, its alias pointed at it, the residents who
see it relinked, and the old one deleted. Menus and aliases of ours (named `portalbot/…`,
`portalbot-…`) that no definition asks for are deleted; others on the channel are left alone.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import click
from linebot.v3.messaging import (
    ApiException,
    CreateRichMenuAliasRequest,
    MessagingApi,
    MessagingApiBlob,
    RichMenuBulkLinkRequest,
    RichMenuBulkUnlinkRequest,
    RichMenuRequest,
    UpdateRichMenuAliasRequest,
)
from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine

from bot.chat.language import JAPANESE, LANGUAGES, known
from bot.city import City, load_city
from bot.city_source import CitySource
from bot.config import Settings
from bot.line.http import TRANSPORT_ERRORS, sdk_client
from bot.line.richmenu_languages import ALIAS_PREFIX, MenuSwitch, alias_for, localized, menu_key, switch_for, usual_menu
from bot.chat.replies import DISASTER_MENU, GUEST_MENU, REGISTERED_MENU
from bot.store import disasters, richmenus
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident

log = logging.getLogger(__name__)

DEFINITIONS = Path(__file__).resolve().parents[2] / "richmenu"
NAME_PREFIX = "portalbot/"
BULK_LINK_MAX = 500  # user ids per bulk link request
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class MenuSource:
    """One definition of richmenu/ in one language, and its image."""

    key: str
    definition: dict
    image: bytes
    content_type: str

    @property
    def digest(self) -> str:
        hashed = hashlib.sha256(json.dumps(self.definition, sort_keys=True, ensure_ascii=False).encode())
        hashed.update(self.image)
        return hashed.hexdigest()[:16]

    @property
    def name(self) -> str:
        """The menu's name on LINE: ours, which definition, which version."""
        return f"{NAME_PREFIX}{self.key}/{self.digest}"


def load_menus(directory: Path = DEFINITIONS, city: City | None = None) -> list[MenuSource]:
    """Every definition in every language with its image: the one beside it, or drawn for
    `city` (the sample's when None)."""
    city = city or load_city()
    sources = []
    for path in sorted(directory.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        definition = json.loads(text)
        for code in LANGUAGES:
            key = menu_key(path.stem, code)
            try:
                shown = localized(definition, code)
            except ValueError as error:
                raise click.ClickException(f"{path.name}: {error}") from error
            image, content_type = _image_beside(path.with_name(key)) or (
                drawn_image(text, path.stem, city.portal_name, city.city_name, code), "image/png")
            sources.append(MenuSource(key, shown, image, content_type))
    keys = {source.key for source in sources}
    for needed in (GUEST_MENU, REGISTERED_MENU):
        if needed not in keys:
            raise click.ClickException(f"{directory}: no {needed}.json")
    return sources


def _image_beside(stem: Path) -> tuple[bytes, str] | None:
    """The image put by hand beside a definition for one menu (`guest.png`, `guest@en.png`)."""
    images = [stem.with_name(stem.name + suffix) for suffix in IMAGE_TYPES if stem.with_name(stem.name + suffix).exists()]
    if len(images) > 1:
        raise click.ClickException(f"{stem.name}: more than one image beside it; keep one, or none to draw it")
    return (images[0].read_bytes(), IMAGE_TYPES[images[0].suffix]) if images else None


@lru_cache(maxsize=64)
def drawn_image(definition: str, key: str, portal_name: str, city_name: str, language: str = JAPANESE) -> bytes:
    """The image richmenu/render.py draws (once per process for the same menu, city and language)."""
    renderer = _renderer()
    try:
        return renderer.png_bytes(json.loads(definition), key, portal_name, city_name, renderer.Lettering.of(language))
    except renderer.FontMissing as error:
        raise click.ClickException(str(error)) from error


@lru_cache(maxsize=1)
def _renderer():
    """richmenu/render.py: the drawing lives beside the definitions, outside the wheel."""
    spec = importlib.util.spec_from_file_location("portalbot_richmenu_render", DEFINITIONS / "render.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@dataclass
class DeployReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    deleted_menus: int = 0
    deleted_aliases: list[str] = field(default_factory=list)
    relinked: int = 0


class RichMenuDeployer:
    def __init__(self, api: MessagingApi, blob_api: MessagingApiBlob, engine: Engine) -> None:
        self.api, self.blob_api, self.engine = api, blob_api, engine

    @classmethod
    def for_settings(cls, settings: Settings, engine: Engine) -> "RichMenuDeployer":
        token = settings.access_token
        api = MessagingApi(sdk_client(settings.line_api_url, token))
        blob = MessagingApiBlob(sdk_client(settings.line_data_api_url, token))
        return cls(api, blob, engine)

    def deploy(self, sources: list[MenuSource], now: datetime | None = None) -> DeployReport:
        report = DeployReport()
        ours = [m for m in self.api.get_rich_menu_list().richmenus if m.name.startswith(NAME_PREFIX)]
        ids: dict[str, str] = {}
        for source in sources:
            kept = next((m.rich_menu_id for m in ours if m.name == source.name and self._has_image(m.rich_menu_id)), None)
            if kept:
                ids[source.key] = kept
                report.kept.append(source.key)
            else:
                ids[source.key] = self._create(source)
                report.created.append(source.key)
        self._point_aliases(ids, report)
        self.api.set_default_rich_menu(ids[GUEST_MENU])
        with session_scope(self.engine) as session:
            before = {key: row.rich_menu_id for key, row in richmenus.deployed_menus(session=session).items()}
            richmenus.record_deployment(
                session=session, menus={s.key: (ids[s.key], s.digest) for s in sources}, now=now or utcnow()
            )
        if before != ids:
            report.relinked = self._relink(before, ids)
        for menu in ours:
            if menu.rich_menu_id not in ids.values():
                self.api.delete_rich_menu(menu.rich_menu_id)
                report.deleted_menus += 1
        return report

    # --- steps -------------------------------------------------------------------------------
    def _create(self, source: MenuSource) -> str:
        request = RichMenuRequest.from_dict({**source.definition, "name": source.name})
        self.api.validate_rich_menu_object(request)
        rich_menu_id = self.api.create_rich_menu(request).rich_menu_id
        self.blob_api.set_rich_menu_image(
            rich_menu_id, body=bytearray(source.image), _headers={"Content-Type": source.content_type}
        )
        return rich_menu_id

    def _has_image(self, rich_menu_id: str) -> bool:
        """A menu left without its image by an interrupted run cannot be shown: not kept."""
        try:
            self.blob_api.get_rich_menu_image(rich_menu_id)
            return True
        except ApiException as error:
            if error.status == 404:
                return False
            raise

    def _point_aliases(self, ids: dict[str, str], report: DeployReport) -> None:
        existing = {a.rich_menu_alias_id: a.rich_menu_id for a in self.api.get_rich_menu_alias_list().aliases}
        for key, rich_menu_id in ids.items():
            alias = alias_for(key)
            if alias not in existing:
                self.api.create_rich_menu_alias(CreateRichMenuAliasRequest(rich_menu_alias_id=alias, rich_menu_id=rich_menu_id))
            elif existing[alias] != rich_menu_id:
                self.api.update_rich_menu_alias(alias, UpdateRichMenuAliasRequest(rich_menu_id=rich_menu_id))
        wanted = {alias_for(key) for key in ids}
        for alias in existing:
            if alias.startswith(ALIAS_PREFIX) and alias not in wanted:
                self.api.delete_rich_menu_alias(alias)
                report.deleted_aliases.append(alias)

    def _relink(self, before: dict[str, str], after: dict[str, str]) -> int:
        """Residents whose menu is now another one (replaced, or deployed in their language at
        last) are linked to it: each sees the menu of their language — registered or guest, or,
        following in disaster mode, the disaster menu. Japanese guests see the default."""
        groups: dict[tuple[str, str], list[str]] = {}
        with session_scope(self.engine) as session:
            disaster_on = disasters.disaster_on(session=session)
            registered = Resident.registered_at.is_not(None)
            own_menu = [registered, and_(Resident.language.is_not(None), Resident.language != JAPANESE)]
            if disaster_on:
                own_menu.append(Resident.following.is_(True))
            rows = session.execute(select(Resident.line_user_id, Resident.language, registered, Resident.following)
                                   .where(or_(*own_menu)).order_by(Resident.id))
            for user_id, code, is_registered, following in rows:
                menu = DISASTER_MENU if disaster_on and following else usual_menu(is_registered)
                groups.setdefault((menu, known(code)), []).append(user_id)
        relinked = 0
        for (menu, code), user_ids in groups.items():
            now_shown = switch_for(menu, code, after.get)
            if now_shown is not None and now_shown != switch_for(menu, code, before.get):
                self._show(now_shown, user_ids)
                relinked += len(user_ids)
        return relinked

    def _show(self, switch: MenuSwitch, user_ids: list[str]) -> None:
        for start in range(0, len(user_ids), BULK_LINK_MAX):
            batch = user_ids[start : start + BULK_LINK_MAX]
            if switch.rich_menu_id is None:
                self.api.unlink_rich_menu_id_from_users(RichMenuBulkUnlinkRequest(user_ids=batch))
            else:
                self.api.link_rich_menu_id_to_users(RichMenuBulkLinkRequest(rich_menu_id=switch.rich_menu_id, user_ids=batch))


@click.group("richmenu")
def richmenu_group() -> None:
    """Rich menus (richmenu/)."""


@richmenu_group.command("deploy")
@click.option("--definitions", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DEFINITIONS,
              show_default=True, help="directory of <key>.json definitions with their images")
@click.pass_obj
def deploy_command(runtime, definitions: Path) -> None:
    """Create menus, upload images, create or update aliases, set the default (re-running replaces cleanly)."""
    report = deploy_menus(runtime.settings, runtime.engine, definitions)
    click.echo(
        f"rich menus: created {', '.join(report.created) or 'none'}; kept {', '.join(report.kept) or 'none'}; "
        f"deleted {report.deleted_menus} old menus and {len(report.deleted_aliases)} aliases; "
        f"relinked {report.relinked} residents"
    )


def deploy_menus(settings: Settings, engine: Engine, definitions: Path = DEFINITIONS) -> DeployReport:
    """Deploy the menus, their images drawn for the city of the imported data."""
    city = CitySource(load_city(settings.city_config), engine=engine, config_path=settings.city_config).current()
    try:
        return RichMenuDeployer.for_settings(settings, engine).deploy(load_menus(definitions, city))
    except ApiException as error:
        raise click.ClickException(f"LINE refused a rich menu request: HTTP {error.status} {error.body}") from error
    except TRANSPORT_ERRORS as error:
        raise click.ClickException(f"LINE did not answer a rich menu request ({type(error).__name__}); run it again") from error
