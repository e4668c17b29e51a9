
// Draws the leakscope HTML report from the JSON in #leakscope-data. Every string from the heap dump
// reaches the page as a text node (see el/append), never as markup: class names may hold anything.
'use strict';
(function () {
  var HISTOGRAM_ROWS = 500;
  var TREE_TOP_ROWS = 25;
  var MAX_PATH_STEPS = 16;
  var PATH_HEAD = 6;
  var PATH_TAIL = 8;
  var UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  // Controls, line separators and bidi overrides would hide or reorder text: shown as \uXXXX.
  var UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;
  // The SVG namespace from the HTML parser itself, so that the page holds no URL of any kind.
  var SVG_NS = new DOMParser().parseFromString('<svg>', 'text/html').body.firstChild.namespaceURI;

  var data = JSON.parse(document.getElementById('leakscope-data').textContent);
  var dump = data.dump;
  var reachableBytes = Math.max(1, dump.totalShallowBytes - dump.unreachableBytes);

  // ---- formatting (binary units, as the text report) ----

  function bytes(n) {
    var magnitude = Math.abs(n);
    if (magnitude < 1024) {
      return n + ' B';
    }
    var value = magnitude;
    var unit = 0;
    while (unit < UNITS.length - 1 && value >= 1023.95) {
      value /= 1024;
      unit++;
    }
    return (n < 0 ? '-' : '') + value.toFixed(1) + ' ' + UNITS[unit];
  }

  function signedBytes(n) {
    return (n >= 0 ? '+' : '') + bytes(n);
  }

  function count(n) {
    return Number(n).toLocaleString('en-US');
  }

  function share(n) {
    var p = (100 * n) / reachableBytes;
    return (p >= 10 ? p.toFixed(0) : p.toFixed(1)) + '%';
  }

  function clean(s) {
    if (s === null || s === undefined) {
      return '(none)';
    }
    return String(s).replace(UNSAFE, function (c) {
      return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function instant(millis) {
    return millis > 0 ? new Date(millis).toISOString() : 'unknown time';
  }

  // ---- DOM helpers: text only ----

  function append(node, child) {
    if (child === null || child === undefined || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    for (var i = 2; i < arguments.length; i++) {
      append(node, arguments[i]);
    }
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, String(attributes[key]));
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** A name from the dump: class, field, path step. */
  function name(s) {
    return el('code', 'name', clean(s));
  }

  function section(id, title) {
    var node = el('section', null, el('h2', null, title));
    node.id = id;
    return node;
  }

  function facts(pairs) {
    var list = el('dl', 'facts');
    pairs.forEach(function (pair) {
      if (pair) {
        list.appendChild(el('dt', null, pair[0]));
        list.appendChild(el('dd', pair[2] || null, pair[1]));
      }
    });
    return list;
  }

  // ---- sections ----

  function header(sections) {
    var nav = el('nav');
    sections.forEach(function (s) {
      var link = el('a', null, s.querySelector('h2').textContent);
      link.setAttribute('href', '#' + s.id);
      nav.appendChild(link);
    });
    return el('header', 'page-header',
      el('h1', null, 'leakscope heap report'),
      el('p', 'subtitle', name(dump.path), ' \u00b7 taken ' + instant(dump.timestampMillis)
        + ' \u00b7 sizes in binary units (1 KB = 1024 bytes)'),
      nav);
  }

  /** As the text report says it: the classes of the dump, and those with instances (one row each). */
  function classCounts() {
    return count(dump.classes) + ' in the dump, ' + count(data.histogram.length) + ' with instances';
  }

  // as the text report: where the unreachable objects hang from, when they are 1% of the heap or more
  var UNREACHABLE_NOTE = 'In a dump of live objects (jcmd\'s default; a dump on OutOfMemoryError'
    + ' follows a full collection) unreachable objects are alive: held only through soft or weak'
    + ' references (soft ones the collector clears when it needs the memory), or by what HotSpot'
    + ' does not write to the dump, such as the fields of class objects (ClassValue maps, reflection'
    + ' data, annotations). No suspect counts them. In a dump of all objects they are also garbage'
    + ' not yet collected.';

  function unreachableShown() {
    return (dump.unreachableFrom || []).length > 0
      && dump.unreachableBytes * 100 >= dump.totalShallowBytes;
  }

  function referencedThrough(u) {
    var through = [];
    if (u.softlyReferenced) {
      through.push(count(u.softlyReferenced) + ' by soft references');
    }
    if (u.weaklyReferenced) {
      through.push(count(u.weaklyReferenced) + ' by weak ones');
    }
    return through.length ? ', referred to ' + through.join(', ') : '';
  }

  function unreachableFrom() {
    return dump.unreachableFrom.map(function (u) {
      return bytes(u.bytes) + ' (' + count(u.objects) + (u.objects === 1 ? ' object' : ' objects')
        + ') from ' + count(u.starts) + ' \u00d7 ' + clean(u.className) + referencedThrough(u);
    }).join('; ');
  }

  function summarySection() {
    var s = section('summary', 'Heap dump');
    s.appendChild(facts([
      ['File', name(dump.path)],
      ['Size', bytes(dump.bytes) + ' on disk' + (dump.gzip ? ' (gzip)' : '')],
      ['Format', clean(dump.format) + ', ' + dump.idSize + '-byte ids'],
      ['Taken', instant(dump.timestampMillis)],
      ['Objects', count(dump.objects) + ' (' + count(dump.reachableObjects) + ' reachable, '
        + count(dump.unreachableObjects) + ' unreachable: ' + bytes(dump.unreachableBytes) + ')'],
      unreachableShown() ? ['Unreachable from', unreachableFrom()] : null,
      unreachableShown() ? ['Unreachable', UNREACHABLE_NOTE] : null,
      ['Classes', classCounts()],
      ['GC roots', count(dump.gcRoots)],
      ['Layout', (dump.compressedOops ? 'compressed' : 'uncompressed') + ' oops, '
        + (dump.compressedClassPointers ? 'compressed' : 'uncompressed') + ' class pointers, '
        + dump.objectAlignment + '-byte alignment (inferred)'],
      ['Heap size', bytes(dump.totalShallowBytes) + ' (all objects, shallow)'],
      dump.mainClass ? ['Main class', clean(dump.mainClass)
        + ' (its top two packages are the application; other packages are libraries)'] : null,
      dump.missingReferences > 0 ? ['Note', count(dump.missingReferences)
        + ' references to objects missing from the dump were ignored: normal for HotSpot dumps'
        + ' (class metadata, objects freed while dumping), nothing to act on'] : null,
      data.baselines.length ? ['Compared with', baselineList()] : null
    ]));
    return s;
  }

  // a truncated dump analyzed leniently: the numbers cover only part of the heap
  function truncationBanner(t) {
    var banner = el('div', 'truncation-banner',
      el('strong', null, 'Truncated dump. '),
      'The dump ends at offset 0x' + t.atOffset.toString(16) + ' inside ' + clean(t.cutRecord)
        + ' at 0x' + t.cutRecordOffset.toString(16)
        + (t.bytesMissing >= 0 ? ' (' + count(t.bytesMissing) + ' bytes of it missing)' : '')
        + '. This report covers the complete records up to 0x' + t.usableEnd.toString(16)
        + '; objects after that are missing, and references to them are counted as missing.');
    banner.setAttribute('role', 'alert');
    banner.id = 'truncation';
    return banner;
  }

  function baselineList() {
    var list = el('ol', 'baselines');
    data.baselines.forEach(function (b) {
      list.appendChild(el('li', null, instant(b.timestampMillis) + ' \u00b7 ', name(b.path),
        ' \u00b7 heap ' + bytes(b.totalShallowBytes)));
    });
    return list;
  }

  var KINDS = {
    'accumulation': 'accumulation',
    'thread-local': 'thread-local',
    'blocked-threads': 'blocked threads',
    'class-loader': 'class loader',
    'thread-pools': 'thread pools',
    'native-memory': 'native memory'
  };

  var TRENDS = {
    'growing': 'growing: it grew significantly at the last step, or at every step',
    'plateau': 'plateau: it grew, then stopped',
    'replaced': 'replaced: it grew, but the oldest dump\'s elements are gone: a window over time, not a leak',
    'filling': 'filling: it grew toward the bound of the cache that holds it: a cache warming up, not a leak',
    'fluctuating': 'fluctuating: it went up and down, not a steady growth',
    'stable': 'stable: no significant change'
  };

  /** "retains 64.0 MB of native memory through 64 direct buffers, and maps 3.0 MB of files ...". */
  function nativeWords(m) {
    var parts = [];
    if (m.directBuffers > 0) {
      parts.push('retains ' + bytes(m.directBytes) + ' of native memory through ' + count(m.directBuffers)
        + (m.directBuffers === 1 ? ' direct buffer' : ' direct buffers'));
    }
    if (m.mappedBuffers > 0) {
      parts.push('maps ' + bytes(m.mappedBytes) + ' of files through ' + count(m.mappedBuffers)
        + (m.mappedBuffers === 1 ? ' mapped buffer' : ' mapped buffers'));
    }
    return parts.length ? parts.join(', and ') : 'nothing outside the heap';
  }

  function hasNative(m) {
    return !!m && (m.directBuffers > 0 || m.mappedBuffers > 0);
  }

  function suspectsSection() {
    var s = section('suspects', 'Leak suspects');
    if (!data.suspects.length) {
      s.appendChild(el('p', 'empty', data.baselines.length
        ? 'No suspects: nothing grew since the older dumps or retains a large share of the heap.'
        : 'No suspects: no single holder retains a large share of the heap.'));
    }
    data.suspects.forEach(function (suspect) {
      s.appendChild(suspectCard(suspect));
    });
    return s;
  }

  function suspectCard(x) {
    var card = el('article', 'suspect');
    card.appendChild(el('h3', null, el('span', 'rank', '#' + x.rank),
      el('span', 'badge', KINDS[x.kind] || clean(x.kind)),
      x.trend ? el('span', 'badge trend trend-' + x.trend, clean(x.trend)) : null,
      clean(x.title)));
    var growth = null;
    if (x.growthBytes !== null && x.growthBytes !== undefined) {
      growth = ['Growth', signedBytes(x.growthBytes) + ' since the oldest dump',
        x.growthBytes > 0 ? 'growth-up' : null];
    }
    card.appendChild(facts([
      ['Holder', el('span', 'holder', name(x.holder))],
      ['Accumulates', [count(x.instances) + ' \u00d7 ', name(x.accumulatedClass)]],
      ['Retained', bytes(x.retainedBytes) + ' (' + share(x.retainedBytes) + ' of the reachable heap)'],
      hasNative(x.nativeMemory) ? ['Off-heap', nativeWords(x.nativeMemory)] : null,
      growth,
      x.trend ? ['Trend', TRENDS[x.trend] || clean(x.trend)] : null,
      x.threads.length ? ['Threads', threadList(x.threads)] : null
    ]));
    if (x.retainedSeries.length > 1) {
      card.appendChild(growthChart(x, x.retainedSeries, 'Retained'));
    }
    if (x.nativeSeries && x.nativeSeries.length > 1) {
      card.appendChild(growthChart(x, x.nativeSeries, 'Native memory of direct buffers'));
    }
    if (x.parts.length) {
      card.appendChild(el('h4', null, 'Parts: ' + x.parts.length + ' places under this holder'));
      var partRows = el('tbody');
      x.parts.forEach(function (p) {
        partRows.appendChild(el('tr', 'part',
          el('td', 'num', bytes(p.retainedBytes)),
          el('td', 'num', count(p.instances)),
          el('td', null, name(p.accumulatedClass)),
          el('td', null, p.library === null ? '' : clean(p.library) + ' ', name(p.container))));
      });
      card.appendChild(el('div', 'table-wrap', el('table', 'parts', el('thead', null, el('tr', null,
        el('th', 'num', 'Retained'), el('th', 'num', 'Instances'), el('th', null, 'Accumulates'),
        el('th', null, 'Inside'))), partRows)));
    }
    card.appendChild(el('h4', null, 'Path from GC root'));
    card.appendChild(pathChain(x.pathFromGcRoot, '(the holder is a GC root)'));
    if (x.stackTrace.length) {
      card.appendChild(el('h4', null, 'Stack of the first thread'));
      card.appendChild(el('pre', 'stack', x.stackTrace.map(function (frame) {
        return 'at ' + clean(frame);
      }).join('\n')));
    }
    if (x.explanation) {
      var text = el('div', 'explanation');
      x.explanation.split(/\r?\n/).forEach(function (line) {
        text.appendChild(el('p', null, clean(line)));
      });
      card.appendChild(text);
    }
    return card;
  }

  function threadList(threads) {
    var shown = threads.slice(0, 8).map(clean).join(', ');
    return threads.length + ': ' + shown + (threads.length > 8 ? ', \u2026 ' + (threads.length - 8) + ' more' : '');
  }

  /** Each step of the path on its own line; long paths show their ends and open on request. */
  function pathChain(path, ifEmpty) {
    if (!path.length) {
      return el('p', 'empty', ifEmpty);
    }
    var list = el('ol', 'path');
    function step(s) {
      return el('li', null, name(s));
    }
    if (path.length <= MAX_PATH_STEPS) {
      path.forEach(function (s) { list.appendChild(step(s)); });
      return list;
    }
    path.slice(0, PATH_HEAD).forEach(function (s) { list.appendChild(step(s)); });
    var hidden = path.length - PATH_HEAD - PATH_TAIL;
    var more = el('button', 'link', '\u2026 ' + count(hidden) + ' more steps');
    var moreItem = el('li', null, more);
    list.appendChild(moreItem);
    path.slice(path.length - PATH_TAIL).forEach(function (s) { list.appendChild(step(s)); });
    more.addEventListener('click', function () {
      var middle = document.createDocumentFragment();
      path.slice(PATH_HEAD, path.length - PATH_TAIL).forEach(function (s) { middle.appendChild(step(s)); });
      list.replaceChild(middle, moreItem);
    });
    return list;
  }

  /** Times of the dumps, oldest first: the x axis of every growth chart. */
  function dumpTimes() {
    return data.baselines.map(function (b) { return b.timestampMillis; }).concat([dump.timestampMillis]);
  }

  function timeLabel(millis, sameDay) {
    if (!(millis > 0)) {
      return '?';
    }
    var iso = new Date(millis).toISOString();
    return sameDay ? iso.slice(11, 19) : iso.slice(5, 10) + ' ' + iso.slice(11, 16);
  }

  /** A bar for the retained bytes in each dump, labelled with the dump's time. */
  function growthChart(x, series, what) {
    var times = dumpTimes();
    var days = times.map(function (t) { return t > 0 ? new Date(t).toISOString().slice(0, 10) : ''; });
    var sameDay = days.every(function (d) { return d === days[0]; });
    var width = 600;
    var height = 210;
    var left = 70;
    var right = 12;
    var top = 22;
    var bottom = 34;
    var plotWidth = width - left - right;
    var plotHeight = height - top - bottom;
    var max = Math.max.apply(null, series.concat([1]));
    var n = series.length;
    var slot = plotWidth / n;
    var barWidth = Math.min(60, slot * 0.6);
    var labelEvery = Math.ceil(n / 10);

    var chart = svg('svg', { 'class': 'growth-chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    chart.appendChild(svg('title', {}, what + ' held by ' + clean(x.holder) + ' in each dump, oldest first'));
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plotHeight * (1 - f);
      chart.appendChild(svg('line', { 'class': 'grid', x1: left, x2: width - right, y1: y, y2: y }));
      chart.appendChild(svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end' }, bytes(Math.round(max * f))));
    });
    series.forEach(function (value, i) {
      var cx = left + slot * (i + 0.5);
      var h = (plotHeight * value) / max;
      var y = top + plotHeight - h;
      var bar = svg('rect', {
        'class': i === n - 1 ? 'bar newest' : 'bar',
        x: cx - barWidth / 2, y: y, width: barWidth, height: Math.max(h, 0.5)
      });
      bar.appendChild(svg('title', {}, instant(times[i]) + ': ' + bytes(value)));
      chart.appendChild(bar);
      if (i % labelEvery === 0 || i === n - 1) {
        if (n <= 10) {
          chart.appendChild(svg('text', { 'class': 'value', x: cx, y: y - 6, 'text-anchor': 'middle' }, bytes(value)));
        }
        chart.appendChild(svg('text', { x: cx, y: height - bottom + 16, 'text-anchor': 'middle' }, timeLabel(times[i], sameDay)));
      }
    });
    return el('figure', 'chart', chart,
      el('figcaption', null, what + ' in each of ' + n + ' dumps, oldest first (times in UTC)'));
  }

  function treeSection() {
    var s = section('tree', 'Dominator tree');
    if (!data.dominatorTree.length) {
      s.appendChild(el('p', 'empty', 'Not in this report.'));
      return s;
    }
    s.appendChild(el('p', 'hint', 'The biggest objects at the top of the dominator tree. Each retains '
      + 'everything below it: what would be freed if it became unreachable. Click a row to see what it retains.'));
    var list = el('ul', 'tree');
    var top = data.dominatorTree;
    top.slice(0, TREE_TOP_ROWS).forEach(function (node) { list.appendChild(treeNode(node)); });
    s.appendChild(list);
    if (top.length > TREE_TOP_ROWS) {
      var rest = top.slice(TREE_TOP_ROWS);
      var more = el('button', 'link more-roots', 'Show ' + count(rest.length) + ' more top-level objects, retaining '
        + bytes(rest.reduce(function (sum, node) { return sum + node.retainedBytes; }, 0)));
      more.type = 'button';
      more.addEventListener('click', function () {
        rest.forEach(function (node) { list.appendChild(treeNode(node)); });
        more.remove();
      });
      s.appendChild(more);
    }
    return s;
  }

  function meter(retained) {
    var fill = el('span');
    fill.style.width = Math.min(100, (100 * retained) / reachableBytes).toFixed(1) + '%';
    return el('span', 'meter', fill);
  }

  /** One node; its children become DOM nodes only when it is first opened. */
  function treeNode(node) {
    var item = el('li', 'node');
    var expandable = node.children.length > 0 || node.moreChildren > 0;
    var toggle = expandable ? el('button', 'toggle', '\u25b8') : el('span', 'toggle leaf');
    var row = el('div', expandable ? 'row expandable' : 'row', toggle,
      el('span', 'size', bytes(node.retainedBytes)),
      el('span', 'share', share(node.retainedBytes)),
      meter(node.retainedBytes),
      name(node.representedClass ? 'class ' + node.representedClass : node.className),
      el('span', 'address', '@ ' + clean(node.objectId)),
      el('span', 'shallow', 'shallow ' + bytes(node.shallowBytes)));
    item.appendChild(row);
    if (!expandable) {
      return item;
    }
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', 'Show what this object retains');
    var children = null;
    row.addEventListener('click', function () {
      if (children === null) {
        children = el('ul', 'tree');
        node.children.forEach(function (child) { children.appendChild(treeNode(child)); });
        if (node.moreChildren > 0) {
          children.appendChild(el('li', 'node more', el('div', 'row',
            el('span', 'toggle leaf'),
            el('span', 'size', bytes(node.moreRetainedBytes)),
            el('span', 'share', share(node.moreRetainedBytes)),
            meter(node.moreRetainedBytes),
            el('span', 'name', count(node.moreChildren) + ' more objects retaining '
              + bytes(node.moreRetainedBytes)))));
        }
        item.appendChild(children);
      } else {
        children.hidden = !children.hidden;
      }
      toggle.setAttribute('aria-expanded', String(!children.hidden));
      toggle.textContent = children.hidden ? '\u25b8' : '\u25be';
    });
    return item;
  }

  function nodeName(node) {
    return name(node.representedClass ? 'class ' + node.representedClass : node.className);
  }

  /**
   * The biggest top-level dominators, as MAT shows them: objects kept alive by GC roots only, each
   * once, with the biggest object each retains. Without the tree's top, the biggest objects.
   */
  function objectsSection() {
    var s = section('objects', 'Biggest objects');
    var top = data.dominatorTree.slice(0, Math.max(1, data.dominators.length));
    if (!data.dominatorTree.length) {
      return biggestObjects(s);
    }
    s.appendChild(el('p', 'hint', 'Top-level dominators: objects that only GC roots keep alive, each'
      + ' retaining everything below it.'));
    var body = el('tbody');
    top.forEach(function (node, i) {
      var part = node.children.length ? node.children[0] : null;
      body.appendChild(el('tr', null,
        el('td', 'num', String(i + 1)),
        el('td', 'num', bytes(node.retainedBytes)),
        el('td', 'num', bytes(node.shallowBytes)),
        el('td', null, nodeName(node), ' ', el('span', 'hint', '@ ' + clean(node.objectId))),
        el('td', null, part ? [bytes(part.retainedBytes) + ' ', nodeName(part)] : '')));
    });
    s.appendChild(el('div', 'table-wrap', el('table', 'top-level', el('thead', null, el('tr', null,
      el('th', 'num', '#'), el('th', 'num', 'Retained'), el('th', 'num', 'Shallow'),
      el('th', null, 'Object'), el('th', null, 'Biggest part'))), body)));
    return s;
  }

  function biggestObjects(s) {
    if (!data.dominators.length) {
      s.appendChild(el('p', 'empty', 'None.'));
      return s;
    }
    var body = el('tbody');
    data.dominators.forEach(function (d, i) {
      var path = el('details', null, el('summary', null, 'path from GC root (' + d.pathFromGcRoot.length + (d.pathFromGcRoot.length === 1 ? ' step)' : ' steps)')),
        pathChain(d.pathFromGcRoot, '(the object is a GC root)'));
      body.appendChild(el('tr', null,
        el('td', 'num', String(i + 1)),
        el('td', 'num', bytes(d.retainedBytes)),
        el('td', 'num', bytes(d.shallowBytes)),
        el('td', null, name(d.className), ' ', el('span', 'hint', '@ ' + clean(d.objectId)), path)));
    });
    s.appendChild(el('div', 'table-wrap', el('table', null,
      el('thead', null, el('tr', null, el('th', 'num', '#'), el('th', 'num', 'Retained'),
        el('th', 'num', 'Shallow'), el('th', null, 'Object'))),
      body)));
    return s;
  }

  var COLUMNS = [
    { key: 'className', label: 'Class', numeric: false },
    { key: 'instances', label: 'Instances', numeric: true, format: count },
    { key: 'shallowBytes', label: 'Shallow', numeric: true, format: bytes },
    { key: 'retainedBytes', label: 'Retained \u2265', numeric: true, format: bytes }
  ];

  /** Sortable by any column, filtered by class name; shows the first HISTOGRAM_ROWS rows. */
  function histogramSection() {
    var s = section('histogram', 'Classes');
    var entries = data.histogram.map(function (row) {
      return { row: row, lower: row.className.toLowerCase() };
    });
    var state = { column: COLUMNS[2], descending: true, filter: '' };
    var filter = el('input');
    filter.type = 'search';
    filter.id = 'class-filter';
    filter.placeholder = 'Filter by class name';
    filter.setAttribute('aria-label', 'Filter classes by name');
    var status = el('p', 'status');
    status.id = 'histogram-status';
    var headRow = el('tr');
    var body = el('tbody');

    COLUMNS.forEach(function (column) {
      var button = el('button', null, column.label);
      button.type = 'button';
      var th = el('th', column.numeric ? 'num' : null, button);
      th.dataset.key = column.key;
      column.th = th;
      button.addEventListener('click', function () {
        state.descending = state.column === column ? !state.descending : column.numeric;
        state.column = column;
        sort();
        render();
      });
      headRow.appendChild(th);
    });

    function sort() {
      var key = state.column.key;
      var sign = state.descending ? -1 : 1;
      entries.sort(function (a, b) {
        var x = a.row[key];
        var y = b.row[key];
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0 && key !== 'className') {
          return a.row.className < b.row.className ? -1 : a.row.className > b.row.className ? 1 : 0;
        }
        return sign * order;
      });
      COLUMNS.forEach(function (column) {
        if (column === state.column) {
          column.th.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
        } else {
          column.th.removeAttribute('aria-sort');
        }
      });
    }

    function render() {
      var needle = state.filter.toLowerCase();
      var matching = needle ? entries.filter(function (e) { return e.lower.indexOf(needle) >= 0; }) : entries;
      var rows = document.createDocumentFragment();
      matching.slice(0, HISTOGRAM_ROWS).forEach(function (e) {
        var tr = el('tr');
        COLUMNS.forEach(function (column) {
          var value = e.row[column.key];
          tr.appendChild(column.numeric ? el('td', 'num', column.format(value)) : el('td', null, name(value)));
        });
        rows.appendChild(tr);
      });
      body.replaceChildren(rows);
      var shown = Math.min(HISTOGRAM_ROWS, matching.length);
      status.textContent = 'Showing ' + count(shown) + ' of ' + count(matching.length)
        + (needle ? ' matching classes (' + count(entries.length) + ' with instances)'
          : ' classes with instances') + '. Click a column to sort.';
    }

    filter.addEventListener('input', function () {
      state.filter = filter.value;
      render();
    });
    sort();
    render();
    s.appendChild(el('div', 'filter', filter, status));
    s.appendChild(el('div', 'table-wrap', el('table', 'histogram', el('thead', null, headRow), body)));
    s.appendChild(el('p', 'hint', 'Retained \u2265: freed at least, if every instance of the class became '
      + 'unreachable (instances held by other instances of the same class count once).'));
    return s;
  }

  /** Memory outside the heap: the notes on the buffers of the histogram, and their holders. */
  function nativeSection() {
    var n = data.nativeMemory;
    var s = section('native', 'Memory outside the heap');
    s.appendChild(facts([
      ['Reachable', nativeWords(n.reachable) + (n.views > 0 ? '; ' + count(n.views)
        + ' slices, duplicates and views share it' : '')],
      hasNative(n.withoutCleaner) ? ['Not counted', count(n.withoutCleaner.directBuffers)
        + ' direct buffers without a cleaner over ' + bytes(n.withoutCleaner.directBytes)
        + ' that others allocated and free (the JVM\'s mapping of lib/modules, the JDK\'s temporary'
        + ' buffers, native code through JNI)'] : null,
      hasNative(n.unreachable) ? ['Unreachable', nativeWords(n.unreachable)
        + ': freed once the garbage collector finds them and their cleaners run'] : null
    ]));
    if (n.holders.length) {
      var body = el('tbody');
      n.holders.forEach(function (h) {
        body.appendChild(el('tr', null,
          el('td', 'num', bytes(h.memory.directBytes)),
          el('td', 'num', count(h.memory.directBuffers)),
          el('td', 'num', bytes(h.memory.mappedBytes)),
          el('td', 'num', count(h.memory.mappedBuffers)),
          el('td', null, name(h.holder))));
      });
      s.appendChild(el('div', 'table-wrap', el('table', 'native-holders', el('thead', null, el('tr', null,
        el('th', 'num', 'Direct'), el('th', 'num', 'Buffers'), el('th', 'num', 'Mapped'),
        el('th', 'num', 'Buffers'), el('th', null, 'Held by'))), body)));
    }
    s.appendChild(el('p', 'hint', 'The heap numbers of this report do not include this memory;'
      + ' -XX:MaxDirectMemorySize limits the direct buffers. Mapped buffers are file-backed.'));
    return s;
  }

  function inspectionsSection() {
    var s = section('inspections', 'Memory waste (not leaks)');
    data.inspections.forEach(function (inspection) {
      s.appendChild(el('h3', null, clean(inspection.title)));
      var body = el('tbody');
      inspection.holders.forEach(function (h) {
        body.appendChild(el('tr', null,
          el('td', 'num', bytes(h.wastedBytes)),
          el('td', 'num', count(h.objects)),
          el('td', null, name(h.holder)),
          el('td', null, h.example === null ? '' : name(h.example))));
      });
      s.appendChild(el('div', 'table-wrap', el('table', null, el('thead', null, el('tr', null,
        el('th', 'num', 'Wasted'), el('th', 'num', 'Objects'), el('th', null, 'Held by'),
        el('th', null, 'Example'))), body)));
    });
    return s;
  }

  function timingsFooter() {
    var t = data.timings;
    var parts = ['parse ' + count(t.parseMillis) + ' ms', 'dominators ' + count(t.dominatorMillis) + ' ms'];
    if (t.suspectMillis > 0) {
      parts.push('suspects ' + count(t.suspectMillis) + ' ms');
    }
    if (t.inspectionMillis > 0) {
      parts.push('inspections ' + count(t.inspectionMillis) + ' ms');
    }
    parts.push('total ' + count(t.totalMillis) + ' ms');
    return el('footer', null, 'Timings: ' + parts.join(', ') + '. Made by leakscope.');
  }

  var app = document.getElementById('app');
  try {
    document.title = 'leakscope: ' + clean(dump.path.split(/[\\/]/).pop());
    var sections = [summarySection(), suspectsSection(), treeSection(), objectsSection(), histogramSection()];
    if (data.nativeMemory && (hasNative(data.nativeMemory.reachable) || hasNative(data.nativeMemory.unreachable))) {
      sections.push(nativeSection());
    }
    if (data.inspections.length) {
      sections.push(inspectionsSection());
    }
    app.appendChild(header(sections));
    if (dump.truncated) {
      app.appendChild(truncationBanner(dump.truncated));
    }
    sections.forEach(function (s) { app.appendChild(s); });
    app.appendChild(timingsFooter());
    document.body.dataset.ready = 'true';
  } catch (e) {
    app.appendChild(el('p', 'error', 'This report could not be drawn: ' + e));
    throw e;
  }
})();
