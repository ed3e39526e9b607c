// Run in a page by tests/test_screens.py (page.evaluate): every visible piece of text on the screen, its
// box and font size, then what is wrong with them. Text boxes are the boxes of the text itself (ranges
// over text nodes, one per line), clipped by every ancestor that hides its overflow.
//   overlaps: two pieces of text whose boxes overlap (beyond `slack` px, after trimming each line box to
//             the glyphs' usual height: line boxes of big CJK and Tibetan type overlap a little by design)
//   cut:      text cut off: an ellipsis or clip (scrollWidth > clientWidth), or text clipped by an ancestor
//   small:    text smaller than `minFont` px
(opts) => {
  const slack = opts.slack === undefined ? 2 : opts.slack;
  const minFont = opts.minFont || 0;
  const scope = opts.root ? document.querySelector(opts.root) : document.body;
  const describe = (el) => {
    const cls = (el.getAttribute('class') || '').split(/\s+/).filter(Boolean)[0] || '';
    return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} "${el.textContent.trim().slice(0, 24)}"`;
  };
  const clippers = (el) => {
    const list = [];
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'contents' || s.display === 'inline') continue;
      // (a scroller's text out of view is there to scroll to, not cut: it clips only what it overlaps)
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        list.push({ el: a, scrolls: /auto|scroll/.test(s.overflowX + s.overflowY) });
      }
    }
    return list;
  };
  const visible = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    !el.closest('[hidden], [aria-hidden="true"], script, style, template, svg');
  const pieces = [];
  const cut = [];
  const small = [];
  const seen = new Set();
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || !visible(el)) continue;
    const style = getComputedStyle(el);
    const font = parseFloat(style.fontSize);
    const range = document.createRange();
    range.selectNodeContents(node);
    const clips = clippers(el);
    const window_ = { left: 0, top: 0, right: innerWidth, bottom: opts.fullPage ? 1e9 : innerHeight };
    let shown = 0;
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      let scrolled = false;
      for (const c of clips) {
        const cr = c.el.getBoundingClientRect();
        const before = box;
        box = { left: Math.max(box.left, cr.left), top: Math.max(box.top, cr.top),
                right: Math.min(box.right, cr.right), bottom: Math.min(box.bottom, cr.bottom) };
        if (c.scrolls && (box.left !== before.left || box.right !== before.right || box.top !== before.top ||
                          box.bottom !== before.bottom)) { scrolled = true; }
      }
      box = { left: Math.max(box.left, window_.left), top: Math.max(box.top, window_.top),
              right: Math.min(box.right, window_.right), bottom: Math.min(box.bottom, window_.bottom) };
      const width = box.right - box.left;
      const height = box.bottom - box.top;
      if (width <= 0 || height <= 0) {   // wholly clipped away: cut if the element is meant to show
        if (!seen.has(el) && !scrolled) { seen.add(el); cut.push(`${describe(el)} clipped away`); }
        continue;
      }
      shown += 1;
      if (!scrolled && ((r.right - r.left) - width > slack + 1 || (r.bottom - r.top) - height > font * 0.45 + slack)) {
        if (!seen.has(el)) { seen.add(el); cut.push(`${describe(el)} clipped ${Math.round(r.width - width)}x${Math.round(r.height - height)} px`); }
      }
      // The glyphs' usual height: the line box less a fifth of the font above and below (figures,
      // no taller than a capital and with nothing below the line: a quarter).
      const figures = /^[\d\s:.,+\u2212'-]+$/.test(node.textContent);
      const trim = Math.min(font * (figures ? 0.25 : 0.2), Math.max(0, (height - font * 0.5) / 2));
      pieces.push({ el, node, font, left: box.left, right: box.right, top: box.top + trim, bottom: box.bottom - trim });
    }
    if (!shown) continue;
    if (!seen.has(el) && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && style.display !== 'inline') {
      seen.add(el);
      cut.push(`${describe(el)} ${el.scrollWidth}>${el.clientWidth} px wide`);
    }
    // An ellipsis shows for any overflow, a fraction of a pixel too (scrollWidth is rounded): compare the
    // text's own box with the element's content box.
    if (!seen.has(el) && style.textOverflow === 'ellipsis' && style.overflowX !== 'visible' && style.display !== 'inline') {
      const whole = document.createRange();
      whole.selectNodeContents(el);
      const text = whole.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const right = box.right - parseFloat(style.paddingRight || 0) - parseFloat(style.borderRightWidth || 0);
      if (text.width && text.right > right + 0.01) {
        seen.add(el);
        cut.push(`${describe(el)} ends ${(text.right - right).toFixed(2)} px past its box (an ellipsis)`);
      }
    }
    if (font < minFont - 0.5 && !small.some((s) => s.el === el)) {
      small.push({ el, text: `${describe(el)} ${font}px` });
    }
  }
  const overlaps = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i], b = pieces[j];
      if (a.node === b.node) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // (less than an eighth of the smaller text's size is line boxes touching, not glyphs)
      if (w > slack && hgt > Math.max(slack, Math.min(a.font, b.font) * 0.125)) {
        overlaps.push(`${describe(a.el)} and ${describe(b.el)} overlap ${Math.round(w)}x${Math.round(hgt)} px`);
      }
    }
  }
  return { overlaps: [...new Set(overlaps)], cut, small: small.map((s) => s.text), count: pieces.length };
}
