"""Printed results: certificates (荣誉证书) and signed result sheets, as PDF with WeasyPrint.

fonts         the installed Noto faces for Chinese and Tibetan, coverage checks, subsets per document
documents     HTML templates (templates/print/) -> PDF bytes, with only the subset fonts embedded
certificates  Certificate, render_certificates(): one certificate or a whole batch in one PDF
awards        award_certificates(): the Certificates of the awards of a stage, event, tier or campaign
verification  certificate_code() / verify_code(): the signed number printed and put in the QR code
result_sheets result_sheet_pdf(): a stage's marks and results for the judges to sign at the venue
errors        PrintingError and its kinds (missing glyphs, broken template, bad seal, not genuine)

Nothing here imports Flask: the console, the CLI and the benchmarks call the same functions.
"""
