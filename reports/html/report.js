// Sort (click a column header) and filter (a text box above each table) for the report's tables.
// The report reads completely without this script; it only adds the controls.
(function () {
  'use strict';
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  function key(row, i) {
    var cell = row.cells[i];
    if (!cell) return '';
    var s = cell.getAttribute('data-sort');
    return s !== null ? s : (cell.textContent || '').trim();
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && isFinite(x) && isFinite(y)) return x - y;
    return collator.compare(a, b);
  }
  function makeSortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body || body.rows.length < 2) return;
    Array.prototype.forEach.call(head.cells, function (th, i) {
      if (!(th.textContent || '').trim()) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.title = 'Sort by this column';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(key(r1, i), key(r2, i));
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function makeFilterable(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    var box = document.createElement('div');
    box.className = 'filter-box';
    var input = document.createElement('input');
    input.type = 'search';
    input.placeholder = 'Filter rows…';
    input.setAttribute('aria-label', 'Filter the rows of: ' + (table.caption ? table.caption.textContent : 'this table'));
    var status = document.createElement('span');
    box.appendChild(input);
    box.appendChild(status);
    if (table.caption) table.caption.appendChild(box);
    else table.parentNode.insertBefore(box, table);
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var match = !q || (row.textContent || '').toLowerCase().indexOf(q) !== -1;
        row.classList.toggle('filtered-out', !match);
        if (match) shown += 1;
      });
      status.textContent = q ? shown + ' of ' + body.rows.length + ' rows' : '';
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll('table.filterable'), makeFilterable);
  // Printing ("save as PDF") shows every collapsed section; they close again afterwards.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
