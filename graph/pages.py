"""Self-contained HTML pages: templates, inlined assets, safe embedding of user data.

Every page this project writes opens from a file with no network: all
scripts and styles are inlined, vis-network's from the copy shipped inside the
pyvis package (vis-network is dual-licensed Apache-2.0/MIT; its licence header
is kept in the inlined file). pyvis's own templates are not used: in 0.3.2
they fetch scripts from CDNs even in ``local``/``in_line`` mode, and a node
title containing ``href`` switches them to a template that sets tooltips with
``innerHTML`` (stored XSS).

Defences, each enough on its own for the data it covers:

* templates are Jinja2 with autoescaping, so text and attributes are escaped;
* graph data travels as JSON in ``<script type="application/json">`` with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (:func:`script_json`), so a
  value cannot close the element; the page's script reads it with
  ``JSON.parse`` and writes it only through ``textContent``;
* links are made only for ``http:``/``https:`` URLs (:func:`safe_url`, and
  again in the page's script);
* a Content-Security-Policy allows exactly the inlined scripts (by SHA-256),
  no other script, no event-handler attribute, and no network connection.

Examples
--------
>>> str(script_json({"name": "</script><b>"}))
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
>>> safe_url("javascript:alert(1)") is None, safe_url("https://bis.gov/x")
(True, 'https://bis.gov/x')
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.export_common import atomic_path

#: the package folder holding templates, scripts and styles
ASSETS = resources.files("sanctions_kg") / "assets"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_RE = re.compile("[<>&\u2028\u2029]")
_CLOSE_RE = {"script": re.compile(r"</script|<!--", re.I), "style": re.compile(r"</style", re.I)}


def script_json(obj) -> Markup:
    """``obj`` as JSON that is safe between ``<script type="application/json">`` tags."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    return Markup(_JSON_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text))


def safe_url(url) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (never a link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _inline(kind: str, text: str, name: str) -> Markup:
    """Asset text checked to be inert inside its element (it cannot close it early)."""
    if _CLOSE_RE[kind].search(text):
        raise SkgError(f"asset {name} contains a sequence that would end its <{kind}> element")
    return Markup(text)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """``(javascript, css)`` of the vis-network build shipped in the pyvis package (newest one)."""
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise SkgError(f"the pyvis package (which ships vis-network) is not installed: {exc}") from exc
    root = Path(pyvis.__file__).resolve().parent
    dirs = [d for base in ("lib", "templates/lib") for d in (root / base).glob("vis-*")
            if (d / "vis-network.min.js").is_file() and (d / "vis-network.css").is_file()]
    if not dirs:
        raise SkgError(f"no vis-network build found inside {root} (looked in lib/vis-* and templates/lib/vis-*)")
    best = max(dirs, key=lambda d: tuple(int(x) for x in re.findall(r"\d+", d.name)))
    return ((best / "vis-network.min.js").read_text(encoding="utf-8"),
            (best / "vis-network.css").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of one of our own assets (``view.js``, ``view.css`` ...)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def _inlined(kind: str, suffix: str, index: int, names) -> dict[str, Markup]:
    return {name: _inline(kind, vis_assets()[index] if name == "vis" else asset(f"{name}.{suffix}"), name)
            for name in names}


def scripts(*names: str) -> dict[str, Markup]:
    """Inline-ready scripts by short name; ``vis`` is vis-network, others our own ``NAME.js``."""
    return _inlined("script", "js", 0, names)


def styles(*names: str) -> dict[str, Markup]:
    """Inline-ready stylesheets by short name; ``vis`` is vis-network's, others ``NAME.css``."""
    return _inlined("style", "css", 1, names)


def content_security_policy(inline_scripts) -> str:
    """A policy allowing only these inline scripts (by hash), inline styles and data: images."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(str(s).encode("utf-8")).digest()).decode("ascii") + "'"
        for s in inline_scripts)
    return ("default-src 'none'; "
            f"script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data:; font-src data:; "
            "connect-src 'none'; base-uri 'none'; form-action 'none'")


def publish(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (complete or not at all), readable as the umask allows."""
    path = Path(path)
    umask = os.umask(0)
    os.umask(umask)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o666 & ~umask)
    return path


def data_uri(data: bytes, mime: str) -> str:
    """``data:`` URI for an embedded image (an SVG shown through ``<img>`` cannot run scripts)."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment over the assets folder: autoescaping on, undefined names are errors."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: asset(name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["script_json"] = script_json
    return env


def render(template: str, script_names: tuple[str, ...], style_names: tuple[str, ...], **context) -> str:
    """Render ``template`` with its scripts and styles inlined and the matching CSP."""
    js = scripts(*script_names)
    return environment().get_template(template).render(
        js=js, css=styles(*style_names), csp=content_security_policy(js.values()), **context)
