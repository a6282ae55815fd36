// A virtualized list: only the rows in view (and a few around) exist in the DOM, so that
// thousands of connections or records scroll and update at the same cost as a dozen. Rows have
// one fixed height. The container is a keyboard-driven listbox: arrows, Page Up/Down, Home and
// End move the selection, which is announced through aria-activedescendant.
const OVERSCAN = 8;

export class VList {
  /** `render(item, rowElement)` fills a row; `select(item)` is told the chosen item. */
  constructor(container, { rowHeight, render, select, key }) {
    this.el = container;
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
    this.el.addEventListener("scroll", () => this.schedule());
    this.el.addEventListener("keydown", (e) => this.keydown(e));
    this.el.addEventListener("click", (e) => {
      const row = e.target.closest(".vrow");
      if (row) this.choose(Number(row.dataset.index));
    });
    new ResizeObserver(() => this.schedule()).observe(this.el);
  }

  /** New contents; a list scrolled to its end stays at its end (it follows live records). */
  setItems(items) {
    const atEnd = this.el.scrollTop + this.el.clientHeight >= this.el.scrollHeight - this.rowHeight * 1.5;
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    if (atEnd && this.follow !== false) this.el.scrollTop = this.el.scrollHeight;
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
    const first = Math.max(0, Math.floor(this.el.scrollTop / this.rowHeight) - OVERSCAN);
    const count = Math.ceil(this.el.clientHeight / this.rowHeight) + 2 * OVERSCAN;
    const last = Math.min(this.items.length, first + count);
    while (this.rows.length < last - first) {
      const row = document.createElement("div");
      row.className = "vrow";
      row.setAttribute("role", "option");
      this.el.append(row);
      this.rows.push(row);
    }
    this.rows.forEach((row, i) => {
      const index = first + i;
      if (index >= last) {
        row.hidden = true;
        row.removeAttribute("id");
        return;
      }
      const item = this.items[index];
      row.hidden = false;
      row.dataset.index = index;
      row.id = `${this.el.id}-row-${index}`;
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      const chosen = this.selected !== null && this.key(item) === this.selected;
      row.setAttribute("aria-selected", String(chosen));
      if (chosen) this.el.setAttribute("aria-activedescendant", row.id);
      this.render(item, row);
    });
  }

  indexOfSelected() {
    return this.selected === null ? -1 : this.items.findIndex((item) => this.key(item) === this.selected);
  }

  choose(index) {
    if (index < 0 || index >= this.items.length) return;
    const item = this.items[index];
    this.selected = this.key(item);
    const top = index * this.rowHeight;
    if (top < this.el.scrollTop) this.el.scrollTop = top;
    else if (top + this.rowHeight > this.el.scrollTop + this.el.clientHeight) this.el.scrollTop = top + this.rowHeight - this.el.clientHeight;
    this.schedule();
    this.select(item);
  }

  keydown(e) {
    const page = Math.max(1, Math.floor(this.el.clientHeight / this.rowHeight) - 1);
    const at = this.indexOfSelected();
    const moves = { ArrowDown: at + 1, ArrowUp: Math.max(0, at - 1), PageDown: at + page, PageUp: Math.max(0, at - page), Home: 0, End: this.items.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.choose(Math.min(this.items.length - 1, moves[e.key]));
  }
}
