"""Certificates (荣誉证书) for award winners: one on demand, or a whole stage, event or campaign in one PDF."""
from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Callable, Mapping, Optional, Sequence, Union
from xml.etree import ElementTree

import qrcode
from PIL import Image

from organizers.printing.design import ORIENTATIONS, Design, filled, template_inputs
from organizers.printing.documents import (Pages, TemplateChoice, check_markup, check_texts, fill, load_template,
                                          merge_pdfs, render_pdf)
from organizers.printing.errors import PrintingError, SealImageError
from organizers.printing.fonts import FontStack, default_stack

# The fields printed as text, checked against the fonts before anything is laid out.
TEXT_FIELDS = ("name", "name_bo", "unit", "campaign", "campaign_bo", "event", "tier", "award", "issuer")
PART = 100  # certificates laid out per part in one process: progress is reported after each part
SLICE = 250  # certificates per task when a batch is laid out in several processes
QR_PIXELS = 4  # pixels per QR module: sharp even where a viewer smooths images

Progress = Callable[[int, int], None]
SealImage = Union[bytes, str, os.PathLike]


@dataclass(frozen=True)
class Certificate:
    """What one certificate says. `code` is certificate_code(award id, secret) and `verify_url`
    verification_url(base, code) (organizers.printing.verification): the QR code opens verify_url."""

    name: str
    campaign: str
    event: str
    award: str
    issued_on: date
    issuer: str
    code: str
    verify_url: str
    name_bo: Optional[str] = None
    unit: Optional[str] = None
    tier: Optional[str] = None
    campaign_bo: Optional[str] = None
    seal: Optional[SealImage] = None
    orientation: str = "landscape"
    rank: Optional[int] = None


def qr_png(text: str) -> bytes:
    """A QR code as a grey PNG, QR_PIXELS pixels per module, 4 modules of quiet zone. The template scales
    it with `image-rendering: pixelated` (no smoothing in the PDF); an image costs WeasyPrint far less to
    draw than an SVG path of the same code, which counts on 2,000 certificates."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    picture = Image.new("L", (len(matrix), len(matrix)))
    picture.putdata([0 if dark else 255 for row in matrix for dark in row])
    picture = picture.resize((len(matrix) * QR_PIXELS,) * 2, Image.NEAREST)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _seal_bytes(seal: SealImage) -> bytes:
    if isinstance(seal, bytes):
        return seal
    try:
        with open(seal, "rb") as image:
            return image.read()
    except OSError as error:
        raise SealImageError(f"Cannot read the seal image {seal}: {error.strerror}") from error


def seal_image(seal: SealImage) -> tuple[bytes, str]:
    """The seal's bytes and MIME type, after checking they are a picture (PNG, JPEG, GIF, WebP or SVG)."""
    data = _seal_bytes(seal)
    if data.lstrip()[:1] == b"<":
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            raise SealImageError(f"The seal image is not a valid SVG picture: {error}") from error
        if root.tag.rsplit("}", 1)[-1] != "svg":
            raise SealImageError(f"The seal image is XML but not an SVG picture (its root is <{root.tag}>).")
        return data, "image/svg+xml"
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
            kind = picture.format
    except Exception as error:  # Pillow raises many kinds for a file that is not an image
        raise SealImageError("The seal image is not a picture that can be printed (use PNG with a transparent "
                             f"background, JPEG or SVG): {type(error).__name__}: {error}") from error
    return data, Image.MIME.get(kind, "application/octet-stream")


def _checked(certificates: Sequence[Certificate], design: Design, stack: FontStack) -> None:
    for number, certificate in enumerate(certificates, start=1):
        if certificate.orientation not in ORIENTATIONS:
            raise PrintingError(f"Certificate {number} ({certificate.name}): orientation "
                                f"{certificate.orientation!r} is not one of {', '.join(ORIENTATIONS)}.")
    check_texts(stack, ((f"certificate {number} ({certificate.code}), {field}", getattr(certificate, field))
                        for number, certificate in enumerate(certificates, start=1) for field in TEXT_FIELDS))
    check_texts(stack, [("the design's title", design.title), ("the design's subtitle", design.subtitle),
                        ("the design's wording", design.wording)]
                + [(f"the design's signature {number}", f"{s.title} {s.name}")
                   for number, s in enumerate(design.signatures, start=1)])


def template_fields(certificate: Certificate, design: Design, seals: Mapping[SealImage, str],
                    resources: dict[str, tuple[bytes, str]]) -> dict[str, Any]:
    """What the template sees as `c`: the certificate's fields, with `seal` and `qr` as image URLs
    (the QR code's PNG is added to `resources`) and `wording`, the design's wording filled in
    (organizers.printing.design.filled)."""
    fields = asdict(certificate)
    fields["wording"] = filled(design, certificate)
    fields["seal"] = seals.get(certificate.seal) if certificate.seal is not None else None
    resources[f"qr/{certificate.code}"] = (qr_png(certificate.verify_url), "image/png")
    fields["qr"] = f"podium:qr/{certificate.code}"
    return fields


def _seals(certificates: Sequence[Certificate]) -> tuple[dict[SealImage, str], dict[str, tuple[bytes, str]]]:
    """Each distinct seal checked once and served as one resource: on 2,000 certificates it is one image."""
    seals, resources = {}, {}
    for certificate in certificates:
        if certificate.seal is not None and certificate.seal not in seals:
            data, mime_type = seal_image(certificate.seal)
            digest = hashlib.sha256(data).hexdigest()[:16]
            resources[f"seal/{digest}"] = (data, mime_type)
            seals[certificate.seal] = f"podium:seal/{digest}"
    return seals, resources


def _in_process(certificates: Sequence[Certificate], template: TemplateChoice, design: Design,
                progress: Optional[Progress], stack: FontStack, engine: str) -> bytes:
    seals, resources = _seals(certificates)
    chosen = load_template(template, "print/certificate.html")
    total = len(certificates)
    inputs = template_inputs(design, resources)
    parts = [fill(chosen, design=inputs, certificates=[template_fields(c, design, seals, resources)
                                                       for c in certificates[start:start + PART]])
             for start in range(0, total, PART)]

    def laid_out(part: int) -> None:
        if progress and part < len(parts) - 1:
            progress((part + 1) * PART, total)

    return render_pdf(Pages(parts, chosen.name or "the certificate template", resources), stack, engine, laid_out)


def _slice_pdf(certificates: Sequence[Certificate], template: TemplateChoice, design: Design, stack: FontStack,
               engine: str) -> bytes:
    """A worker process's share of a batch (a top-level function, so a spawned process can run it)."""
    return _in_process(certificates, template, design, None, stack, engine)


def _in_processes(certificates: Sequence[Certificate], template: TemplateChoice, design: Design,
                  progress: Optional[Progress], stack: FontStack, engine: str, workers: int) -> bytes:
    # Fail here rather than in a worker: the template must load and make well-formed HTML for the first one.
    seals, resources = _seals(certificates)
    chosen = load_template(template, "print/certificate.html")
    check_markup(fill(chosen, design=template_inputs(design, resources),
                      certificates=[template_fields(certificates[0], design, seals, resources)]),
                 chosen.name or "the template")
    slices = [certificates[start:start + SLICE] for start in range(0, len(certificates), SLICE)]
    done = 0
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        running = {pool.submit(_slice_pdf, part, template, design, stack, engine): len(part) for part in slices}
        for finished in as_completed(running):
            finished.result()  # a worker's error stops the batch here
            done += running[finished]
            if progress and done < len(certificates):
                progress(done, len(certificates))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return merge_pdfs([future.result() for future in running])


def render_certificates(certificates: Sequence[Certificate], template: TemplateChoice = None,
                        progress: Optional[Progress] = None, *, design: Optional[Design] = None, workers: int = 1,
                        stack: Optional[FontStack] = None, engine: str = "harfbuzz") -> bytes:
    """One PDF with a page per certificate, in the order given.

    `template`: None for templates/print/certificate.html, a path to an HTML file, or template text.
    `design`: the designer's choices (organizers.printing.design.Design; None: the default design),
    given to the template as `design` and, filled in, as each certificate's `c.wording`.
    `progress(done, total)` is called as certificates are laid out, and with (total, total) once the
    PDF is ready. `workers` > 1 lays out a large batch (more than SLICE certificates) in that many
    spawned processes, SLICE certificates at a time, and joins their PDFs: 2 workers nearly halve a
    2,000-certificate batch on a 2-core machine (the calling program's main module must be safe to
    import, `if __name__ == "__main__":`, as for any spawned process). Do not lay out a large batch
    inside the gevent server: it would hold the live path for its whole duration; run it in a
    separate process (e.g. a CLI command the console starts).

    Raises MissingGlyphs (naming each certificate, field and character no installed font has) and
    SealImageError (a seal that is not a picture) before anything is laid out; TemplateError for a
    template that does not load, fill in, make well-formed HTML or find a picture it refers to;
    PrintingError for nothing to print or a bad orientation."""
    if not certificates:
        raise PrintingError("There are no certificates to print.")
    stack = stack or default_stack()
    design = design or Design()
    _checked(certificates, design, stack)
    if workers > 1 and len(certificates) > SLICE:
        pdf = _in_processes(certificates, template, design, progress, stack, engine, workers)
    else:
        pdf = _in_process(certificates, template, design, progress, stack, engine)
    if progress:
        progress(len(certificates), len(certificates))
    return pdf
