"""Links that are scanned: absolute URLs as the venue's devices reach this server, drawn as QR codes."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import current_app, request, url_for
from markupsafe import Markup


def public_base() -> str:
    """This server as the venue's devices reach it: PODIUM_PUBLIC_URL if set, else the host this page was opened on."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for a phone or tablet (see public_base)."""
    return public_base() + url_for(endpoint, **values)


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code (no image files, works offline)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    svg = out.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])
