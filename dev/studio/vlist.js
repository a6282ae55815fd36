// A virtualized list: only the rows in view (and a few around) exist in the DOM, so that
// thousands of connections or records scroll and update at the same cost as a dozen. Rows have
// one fixed height. The container is a keyboard-driven listbox: arrows, Page Up/Down, Home and
// End move the selection, which is announced through aria-activedescendant. The scroll
// position and height are cached from scroll and resize events, so that an update never reads
// layout after writing it (no forced synchronous layout), and a row whose item has not changed
// (same `stamp`) is not touched.
const OVERSCAN = 8;

export class VList {
  /** `render(item, rowElement)` fills a row; `select(item)` is told the chosen item; `stamp(item)`
   * changes when a row must be drawn again (default: its key). */
  constructor(container, { rowHeight, render, select, key, stamp = key }) {
    this.el = container;
    this.stamp = stamp;
    this.top = 0;
    this.height = 0;
    this.rowHeight = rowHeight;
    this.render = render;
    this.select = select;
    this.key = key;
    this.items = [];
    this.selected = null;
    this.spacer = document.createElement("div");
    this.spacer.className = "vspacer";
    this.el.append(this.spacer);
    this.rows = [];
    this.scheduled = false;
    this.el.addEventListener("scroll", () => {
      this.top = this.el.scrollTop;
      this.schedule();
    });
    this.el.addEventListener("keydown", (e) => this.keydown(e));
    this.el.addEventListener("click", (e) => {
      const row = e.target.closest(".vrow");
      if (row?.dataset.index) this.choose(Number(row.dataset.index));
    });
    new ResizeObserver(([entry]) => {
      this.height = entry.contentRect.height;
      this.schedule();
    }).observe(this.el);
  }

  /** New contents; a list scrolled to its end stays at its end (it follows live records). */
  setItems(items) {
    const atEnd = this.top + this.height >= this.items.length * this.rowHeight - this.rowHeight * 1.5;
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    if (atEnd) {
      this.top = Math.max(0, items.length * this.rowHeight - this.height);
      this.el.scrollTop = this.top;
    }
    this.schedule();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.draw();
    });
  }

  draw() {
    const first = Math.max(0, Math.floor(this.top / this.rowHeight) - OVERSCAN);
    const count = Math.ceil(this.height / this.rowHeight) + 2 * OVERSCAN;
    const last = Math.min(this.items.length, first + count);
    if (this.rows.length < count) {
      while (this.rows.length < count) {
        const row = document.createElement("div");
        row.className = "vrow";
        row.setAttribute("role", "option");
        this.el.append(row);
        this.rows.push(row);
      }
      for (const row of this.rows) row.stamp = null;
    }
    // Index k is always drawn by row k mod the pool's size: scrolling by one row redraws one.
    const used = new Set();
    for (let index = first; index < last; index++) {
      const row = this.rows[index % this.rows.length];
      used.add(row);
      const item = this.items[index];
      const chosen = this.selected !== null && this.key(item) === this.selected;
      const stamp = `${index} ${this.stamp(item)} ${chosen}`;
      if (chosen) this.el.setAttribute("aria-activedescendant", `${this.el.id}-row-${index}`);
      if (row.stamp === stamp) continue;
      row.stamp = stamp;
      row.hidden = false;
      row.dataset.index = index;
      row.id = `${this.el.id}-row-${index}`;
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      row.setAttribute("aria-selected", String(chosen));
      this.render(item, row);
    }
    for (const row of this.rows) {
      if (used.has(row) || row.hidden) continue;
      row.hidden = true;
      row.stamp = null;
      row.removeAttribute("id");
      delete row.dataset.index;
    }
  }

  indexOfSelected() {
    return this.selected === null ? -1 : this.items.findIndex((item) => this.key(item) === this.selected);
  }

  choose(index) {
    if (index < 0 || index >= this.items.length) return;
    const item = this.items[index];
    this.selected = this.key(item);
    const top = index * this.rowHeight;
    if (top < this.top) this.top = top;
    else if (top + this.rowHeight > this.top + this.height) this.top = top + this.rowHeight - this.height;
    this.el.scrollTop = this.top;
    this.schedule();
    this.select(item);
  }

  keydown(e) {
    const page = Math.max(1, Math.floor(this.height / this.rowHeight) - 1);
    const at = this.indexOfSelected();
    const moves = { ArrowDown: at + 1, ArrowUp: Math.max(0, at - 1), PageDown: at + page, PageUp: Math.max(0, at - page), Home: 0, End: this.items.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.choose(Math.min(this.items.length - 1, moves[e.key]));
  }
}
