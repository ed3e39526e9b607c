"""HTML templates (templates/print/) to PDF bytes: checked text, subset fonts, nothing half-written.

A document is laid out in parts (e.g. 100 certificates each) so a batch can report progress; all
parts share one font configuration, so the PDF embeds each subset font once. The fonts, seals and
other images a document needs are served from memory under `podium:` URLs; files are read only
from the templates folder, and nothing is fetched from the network.
"""
from __future__ import annotations

import html
import io
import os
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union
from urllib.parse import unquote, urlparse

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from organizers.printing.errors import MissingGlyphs, MissingText, TemplateError
from organizers.printing.fonts import FontStack, default_stack

# WeasyPrint (about a second to import) and pypdf are imported the first time something is printed,
# so a server that never prints starts without them (see load_engine).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PRINT_TEMPLATES = TEMPLATES / "print"
# Elements that never have an end tag in HTML.
VOID_ELEMENTS = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                           "track", "wbr"))

TemplateChoice = Union[None, str, os.PathLike]


def chinese_date(value) -> str:
    """2026-11-29 -> 2026年11月29日"""
    return f"{value.year}年{value.month}月{value.day}日"


def _environment(loader: Optional[jinja2.BaseLoader]) -> jinja2.Environment:
    """Sandboxed: an organizer edits the certificate template in the console, so a template may read
    the fields it is given and nothing else (no attribute starting with _, no method that changes a
    value); a template that tries is refused with its message."""
    env = ImmutableSandboxedEnvironment(loader=loader, autoescape=True,
                                        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["chinese_date"] = chinese_date
    return env


# Podium's own templates (templates/print/), which may include and extend each other.
ENVIRONMENT = _environment(jinja2.FileSystemLoader(TEMPLATES))
# A template an organizer wrote (text from the console, or a file given by path): no loader (it cannot
# include, extend or import any other template) and no globals (no cycler, joiner, namespace, range,
# lipsum, dict): its only names are the documented fields it is filled with (docs/printing.md).
ORGANIZERS_ENVIRONMENT = _environment(None)
ORGANIZERS_ENVIRONMENT.globals.clear()


def load_engine() -> None:
    """Import WeasyPrint and find the default fonts. Both may start child processes (cffi's library
    search, fontconfig's `fc-list`), which under gevent can only be waited for on the main event
    loop: the server calls this there before it lays out a PDF in a worker thread."""
    import weasyprint  # noqa: F401  (loads Pango and friends through cffi)

    default_stack()


def load_template(template: TemplateChoice, default: str) -> jinja2.Template:
    """`template`: None for templates/<default>, a path to an HTML file (a PathLike: a str is always
    the template's source text, so text sent from the console can never name a file to read, such as
    the instance's secret key), or the template's source text."""
    name = default
    try:
        if template is None:
            return ENVIRONMENT.get_template(default)
        if isinstance(template, str):
            name = "the template text"
            return ORGANIZERS_ENVIRONMENT.from_string(template)
        name = str(template)
        return ORGANIZERS_ENVIRONMENT.from_string(Path(template).read_text(encoding="utf-8"))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{name}, line {error.lineno}: {error.message}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(f"Cannot read the template {name}: {error}") from error


def fill(template: jinja2.Template, **context) -> str:
    """The template filled in; any failure of the template becomes a TemplateError naming it."""
    try:
        return template.render(**context)
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{template.name or 'The template'}: {error.message} "
                            "(the fields a template can use are listed in docs/printing.md)") from error
    except Exception as error:  # an organizer's template can fail in any way: report it, print nothing
        raise TemplateError(f"{template.name or 'The template'} failed: {type(error).__name__}: {error}") from error


class _MarkupChecker(HTMLParser):
    """Every element opened is closed, in order (void elements and <x/> excepted)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.problem: Optional[tuple[int, str]] = None  # (line, what is wrong)

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if self.problem or tag in VOID_ELEMENTS:
            return
        line = self.getpos()[0]
        if not self.open:
            self.problem = (line, f"</{tag}> closes nothing")
        elif self.open[-1][0] != tag:
            opened, at = self.open[-1]
            self.problem = (line, f"</{tag}> found where <{opened}> (opened on line {at}) must be closed")
        else:
            self.open.pop()


def check_markup(document: str, name: str) -> None:
    """Raise TemplateError when the filled-in HTML is not well formed (line numbers of the filled-in HTML)."""
    checker = _MarkupChecker()
    checker.feed(document)
    checker.close()
    problem = checker.problem
    if problem is None and checker.open:
        tag, line = checker.open[-1]
        problem = (line, f"<{tag}> is never closed")
    if problem:
        line, what = problem
        text = document.split("\n")[line - 1].strip()[:120]
        raise TemplateError(f"{name} makes broken HTML, line {line}: {what}: {text}")


def _resources_fetcher(resources: Mapping[str, tuple[bytes, str]]):
    """A WeasyPrint URL fetcher serving `podium:<name>` from memory, data: URLs, and files under
    templates/; it refuses anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Resources(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("podium:"):
                data, mime_type = resources[url.removeprefix("podium:")]
                return URLFetcherResponse(url, data, {"Content-Type": mime_type})
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(TEMPLATES):
                    raise ValueError(f"only files under {TEMPLATES} are read while printing, not {path}")
            elif not url.startswith("data:"):
                raise ValueError(f"nothing is fetched from the network while printing: {url}")
            return super().fetch(url, headers)

    return Resources(timeout=5, fail_on_errors=True)  # a picture that cannot be loaded stops the printing


@dataclass
class Pages:
    """A document to print: its HTML in parts (laid out one after another) and the resources they use."""

    parts: Sequence[str]
    name: str
    resources: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def text(self) -> str:
        """Every character the document may print (markup included: a superset costs a few ASCII glyphs)."""
        return "".join(html.unescape(part) for part in self.parts)


def check_texts(stack: FontStack, texts: Iterable[tuple[str, Optional[str]]]) -> None:
    """MissingGlyphs naming every (where, text) with characters no face of the stack has."""
    problems = [MissingText(where, text, missing) for where, text in texts if text and (missing := stack.missing(text))]
    if problems:
        raise MissingGlyphs(problems, stack.installed_names)


def _around(text: str, char: str) -> str:
    at = text.index(char)
    return " ".join(text[max(at - 12, 0):at + 12].split())


def font_faces_css(stack: FontStack, text: str, resources: dict[str, tuple[bytes, str]], engine: str) -> str:
    """@font-face rules for the stack's subsets (added to `resources`), and the stack as default font."""
    rules = []
    for number, font in enumerate(stack.subsets(text, engine)):
        resources[f"font/{number}"] = (font.data, f"font/{'otf' if font.format == 'opentype' else 'ttf'}")
        rules.append(f'@font-face {{ font-family: "{font.css_name}"; font-weight: {font.weight}; '
                     f'src: url("podium:font/{number}") format("{font.format}"); }}')
    families = [f.css_name for f in stack.families]
    tibetan_first = ", ".join(f'"{name}"' for name in families[1:] + families[:1])
    rules.append(f"html {{ font-family: {stack.css_family}; }}")
    rules.append(f":lang(bo) {{ font-family: {tibetan_first}; }}")
    return "\n".join(rules)


def render_pdf(pages: Pages, stack: Optional[FontStack] = None, engine: str = "harfbuzz",
               laid_out: Optional[Callable[[int], None]] = None) -> bytes:
    """The PDF of `pages`, fonts cut to the characters used. Refuses (MissingGlyphs) before drawing tofu.
    `laid_out(i)` is called after part i is laid out."""
    stack = stack or default_stack()
    check_markup(pages.parts[0], pages.name)
    text = pages.text()
    missing = stack.missing(text)
    if missing:
        raise MissingGlyphs([MissingText(pages.name, _around(text, char), (char,)) for char in missing],
                            stack.installed_names)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    resources = dict(pages.resources)
    fetcher = _resources_fetcher(resources)
    font_config = FontConfiguration()
    fonts = CSS(string=font_faces_css(stack, text, resources, engine), font_config=font_config,
                url_fetcher=fetcher)
    documents = []
    for number, part in enumerate(pages.parts):
        try:
            documents.append(HTML(string=part, base_url=PRINT_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
                             .render(stylesheets=[fonts], font_config=font_config))
        except FatalURLFetchingError as error:
            raise TemplateError(f"{pages.name}: {error}: {error.__cause__}") from error
        if laid_out:
            laid_out(number)
    first = documents[0]
    if len(documents) > 1:
        first = first.copy([page for document in documents for page in document.pages])
    return first.write_pdf()


def merge_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with the pages of `pdfs` in order (parts laid out in separate processes)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def save_pdf(data: bytes, path: Union[str, os.PathLike]) -> Path:
    """Write a PDF whole or not at all: a temporary file in the same folder, then renamed over `path`."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
