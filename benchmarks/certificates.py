"""How long certificates take to print: plain WeasyPrint with the system fonts vs. the subset path.

Every row renders the same template (templates/print/certificate.html) with the same kind of data:
bilingual names (Chinese, half of them with a Tibetan form), a QR code each, landscape A4.

- baseline: the filled-in HTML given to WeasyPrint as it is, font-family "Noto Serif CJK SC",
  "Noto Serif Tibetan" found by fontconfig; WeasyPrint embeds and cuts the whole system faces itself.
  It does that with HarfBuzz when libharfbuzz-subset is installed (Debian: libharfbuzz-subset0, as
  here), otherwise with fontTools: the second baseline forces that path, as on such a machine.
- subset: render_certificates(): the characters checked against the fonts (MissingGlyphs instead of
  tofu), each face cut to the document's characters first (HarfBuzz, or fontTools), then laid out.

One certificate is timed for new names each time (nothing cached can help: a certificate on demand).
"""
from __future__ import annotations

import base64
import resource
import time
from datetime import date

from weasyprint import CSS, HTML
from weasyprint.pdf import fonts as weasyprint_fonts

from organizers.printing.certificates import Certificate, render_certificates, template_fields
from organizers.printing.design import Design, template_inputs
from organizers.printing.documents import PRINT_TEMPLATES, fill, load_template
from organizers.printing.fonts import CJK, TIBETAN
from organizers.printing.verification import certificate_code, verification_url

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建华国强文明秀英玉兰志刚海燕丽娟永红德顺卓玛次仁旺堆尼玛达瓦格桑央金拉姆平措白玛索朗洛桑曲珍龘䶮"
TIBETAN_NAMES = ("བཀྲ་ཤིས།", "ཚེ་རིང་སྒྲོལ་མ།", "སྐལ་བཟང་།", "དབྱངས་ཅན།", "བསྒྲུབས་པ།", "ཕུན་ཚོགས།", "བསོད་ནམས།")
SECRET = "benchmark-secret"


def winners(count: int, first: int = 1) -> list[Certificate]:
    certificates = []
    for number in range(first, first + count):
        code = certificate_code(number, SECRET)
        name = SURNAMES[number % len(SURNAMES)] + GIVEN[number * 7 % len(GIVEN)] + GIVEN[number * 13 % len(GIVEN)]
        certificates.append(Certificate(
            name=name, name_bo=TIBETAN_NAMES[number % len(TIBETAN_NAMES)] if number % 2 else None,
            campaign="洛隆县“红色昌都·振兴奋进”活动", event="我和我的驻村故事演讲比赛", tier="县级决赛",
            award=("一等奖", "二等奖", "三等奖", "优秀奖")[number % 4], issued_on=date(2026, 11, 29),
            issuer="洛隆县委宣传部", unit="硕督镇达翁村", code=code,
            verify_url=verification_url("http://192.168.1.10:5000", code)))
    return certificates


SYSTEM_FONTS = CSS(string=f'html {{ font-family: "{CJK}", "{TIBETAN}"; }} '
                          f':lang(bo) {{ font-family: "{TIBETAN}", "{CJK}"; }}')


def _inline_images(fields: dict, resources: dict[str, tuple[bytes, str]]) -> dict:
    data, mime_type = resources[fields["qr"].removeprefix("podium:")]
    return {**fields, "qr": f"data:{mime_type};base64,{base64.b64encode(data).decode()}"}


def baseline_pdf(certificates: list[Certificate], fonttools: bool = False) -> bytes:
    """Plain WeasyPrint and the system fonts; `fonttools`: as if libharfbuzz-subset were missing."""
    resources: dict[str, tuple[bytes, str]] = {}
    html = fill(load_template(None, "print/certificate.html"), design=template_inputs(Design(), resources),
                certificates=[_inline_images(template_fields(c, Design(), {}, resources), resources)
                              for c in certificates])
    saved = weasyprint_fonts.harfbuzz_subset
    if fonttools:
        weasyprint_fonts.harfbuzz_subset = None
    try:
        return HTML(string=html, base_url=PRINT_TEMPLATES.as_uri() + "/").write_pdf(stylesheets=[SYSTEM_FONTS])
    finally:
        weasyprint_fonts.harfbuzz_subset = saved


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def _timed(render, certificates) -> tuple[float, float, int]:
    started, cpu = time.perf_counter(), _cpu()
    pdf = render(certificates)
    return time.perf_counter() - started, _cpu() - cpu, len(pdf)


# path, subsetting, certificates, workers, how to render
def cases() -> list[tuple[str, str, int, int, object]]:
    return [
        ("baseline: WeasyPrint + system fonts", "WeasyPrint, HarfBuzz", 1, 1, baseline_pdf),
        ("baseline: WeasyPrint + system fonts", "WeasyPrint, HarfBuzz", 50, 1, baseline_pdf),
        ("baseline: WeasyPrint + system fonts", "WeasyPrint, fontTools", 1, 1,
         lambda c: baseline_pdf(c, fonttools=True)),
        ("baseline: WeasyPrint + system fonts", "WeasyPrint, fontTools", 50, 1,
         lambda c: baseline_pdf(c, fonttools=True)),
        ("subset path", "fontTools", 1, 1, lambda c: render_certificates(c, engine="fonttools")),
        ("subset path", "fontTools", 50, 1, lambda c: render_certificates(c, engine="fonttools")),
        ("subset path", "HarfBuzz (uharfbuzz)", 1, 1, render_certificates),
        ("subset path", "HarfBuzz (uharfbuzz)", 50, 1, render_certificates),
        ("subset path", "HarfBuzz (uharfbuzz)", 2000, 1, render_certificates),
        ("subset path", "HarfBuzz (uharfbuzz)", 2000, 2, lambda c: render_certificates(c, workers=2)),
    ]


def measure(single_repeats: int = 5) -> list[dict]:
    render_certificates(winners(1, first=99_000))  # load the libraries and the fonts once, outside the timing
    baseline_pdf(winners(1, first=99_001))
    rows, first = [], 1
    for path, subsetting, count, workers, render in cases():
        timings = []
        for _ in range(single_repeats if count == 1 else 1):
            timings.append(_timed(render, winners(count, first)))
            first += count  # new names every time: no subset made before fits
        seconds, cpu, size = sorted(timings)[len(timings) // 2]  # the median run
        rows.append({"path": path, "subsetting": subsetting, "certificates": count, "workers": workers,
                     "seconds": seconds, "cpu_seconds": cpu, "per_certificate_ms": seconds / count * 1000,
                     "pdf_kb": size / 1024})
        print(f"  {path}, {subsetting}, {count} x{workers}: {seconds:.2f} s", flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| path | fonts cut by | certificates | processes | wall (s) | CPU (s) | wall ms per certificate "
             "| PDF size (KB) |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['path']} | {r['subsetting']} | {r['certificates']:,} | {r['workers']} | {r['seconds']:.2f} | "
              f"{r['cpu_seconds']:.2f} | {r['per_certificate_ms']:.0f} | {r['pdf_kb']:,.0f} |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
