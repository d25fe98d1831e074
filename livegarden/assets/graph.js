/* livegarden: the graph of notes, drawn on a canvas with a small force layout of our own.
 *
 * Data: `livegarden/graph.json` ({nodes: [{id, title, url, tags}], links: [{source, target}]}),
 * published notes only. Every page gets a local graph (the note and its neighbours up to
 * `settings.graphDepth` links away); an element `.lg-graph--global` gets the whole garden.
 * Hand-written because the layout needs about 200 lines and a library would be a CDN or a
 * vendored copy; repulsion uses a grid of cells so a step stays linear in the number of notes.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : document.baseURI);
  var lg = (window.livegarden = window.livegarden || {});
  var settings = lg.settings || {};
  var dataPromise = null;

  function loadGraph() {
    if (!dataPromise) {
      dataPromise = fetch(new URL("livegarden/graph.json", root)).then(function (response) {
        if (!response.ok) {
          throw new Error("livegarden: graph.json answered " + response.status);
        }
        return response.json();
      });
    }
    return dataPromise;
  }

  /* Site-relative path of a URL, decoded, without index.html: comparable with node.url. */
  function sitePath(url) {
    var path = decodeURIComponent(new URL(url, location.href).pathname);
    var base = decodeURIComponent(root.pathname);
    if (path.indexOf(base) === 0) {
      path = path.slice(base.length);
    }
    return path.replace(/(^|\/)index\.html$/, "$1").replace(/^\/+/, "");
  }

  function nodeKey(url) {
    return sitePath(new URL(url.replace(/^\/+/, ""), root).href);
  }

  function neighbourhood(data, centre, depth) {
    var adjacent = {};
    data.links.forEach(function (link) {
      (adjacent[link.source] = adjacent[link.source] || []).push(link.target);
      (adjacent[link.target] = adjacent[link.target] || []).push(link.source);
    });
    var distance = {};
    distance[centre] = 0;
    var frontier = [centre];
    for (var step = 1; step <= depth; step++) {
      var next = [];
      frontier.forEach(function (id) {
        (adjacent[id] || []).forEach(function (other) {
          if (!(other in distance)) {
            distance[other] = step;
            next.push(other);
          }
        });
      });
      frontier = next;
    }
    return {
      nodes: data.nodes.filter(function (node) {
        return node.id in distance;
      }),
      links: data.links.filter(function (link) {
        return link.source in distance && link.target in distance;
      }),
    };
  }

  /* A deterministic pseudo-random number in [0, 1) from a string: same layout on every load. */
  function hash01(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return ((h >>> 0) % 100000) / 100000;
  }

  function colours(element) {
    var style = getComputedStyle(element);
    function read(name, fallback) {
      var value = style.getPropertyValue(name).trim();
      return value || fallback;
    }
    return {
      node: read("--md-default-fg-color--light", "#888"),
      link: read("--md-default-fg-color--lighter", "#ccc"),
      label: read("--md-default-fg-color", "#222"),
      current: read("--md-accent-fg-color", "#f60"),
      hover: read("--md-primary-fg-color", "#088"),
      halo: read("--md-default-bg-color", "#fff"),
    };
  }

  function Graph(container, data, options) {
    var self = this;
    this.container = container;
    this.options = options;
    // Start on a disc whose area grows with the number of notes: about one per grid cell.
    var spread = 40 + 30 * Math.sqrt(data.nodes.length);
    this.nodes = data.nodes.map(function (node, index) {
      var angle = 2 * Math.PI * hash01(node.id);
      var radius = spread * Math.sqrt(hash01(node.id + "#"));
      return {
        id: node.id,
        title: node.title,
        url: node.url,
        index: index,
        x: Math.cos(angle) * radius,
        y: Math.sin(angle) * radius,
        vx: 0,
        vy: 0,
        degree: 0,
      };
    });
    var byId = {};
    this.nodes.forEach(function (node) {
      byId[node.id] = node;
    });
    this.byId = byId;
    this.links = [];
    data.links.forEach(function (link) {
      var a = byId[link.source];
      var b = byId[link.target];
      if (a && b && a !== b) {
        a.degree += 1;
        b.degree += 1;
        self.links.push({ source: a, target: b });
      }
    });
    this.neighbours = {};
    this.links.forEach(function (link) {
      (self.neighbours[link.source.id] = self.neighbours[link.source.id] || {})[link.target.id] = 1;
      (self.neighbours[link.target.id] = self.neighbours[link.target.id] || {})[link.source.id] = 1;
    });
    this.hovered = null;
    this.scale = 1;
    this.offsetX = 0;
    this.offsetY = 0;
    this.userMoved = false;
    this.alpha = 1;

    var canvas = document.createElement("canvas");
    canvas.className = "lg-graph__canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", options.label);
    container.appendChild(canvas);
    this.canvas = canvas;
    this.resize();
    this.bind();
    container.lgGraph = this;
    container.setAttribute("data-lg-nodes", String(this.nodes.length));
    this.animate();
  }

  Graph.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    this.width = this.container.clientWidth || 300;
    this.height = this.options.height;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.canvas.style.width = this.width + "px";
    this.canvas.style.height = this.height + "px";
    this.ratio = ratio;
  };

  /* One step of the layout: grid repulsion, springs along links, a weak pull to the centre. */
  Graph.prototype.step = function () {
    var nodes = this.nodes;
    var cell = 80;
    var grid = {};
    var i, j, node;
    for (i = 0; i < nodes.length; i++) {
      node = nodes[i];
      var key = Math.floor(node.x / cell) + "," + Math.floor(node.y / cell);
      (grid[key] = grid[key] || []).push(node);
    }
    var strength = 900 * this.alpha;
    for (i = 0; i < nodes.length; i++) {
      node = nodes[i];
      var cx = Math.floor(node.x / cell);
      var cy = Math.floor(node.y / cell);
      for (var gx = cx - 1; gx <= cx + 1; gx++) {
        for (var gy = cy - 1; gy <= cy + 1; gy++) {
          var bucket = grid[gx + "," + gy];
          if (!bucket) continue;
          for (j = 0; j < bucket.length; j++) {
            var other = bucket[j];
            if (other.index <= node.index) continue;
            var dx = node.x - other.x;
            var dy = node.y - other.y;
            var d2 = dx * dx + dy * dy;
            if (d2 > cell * cell) continue;
            if (d2 < 0.01) {
              dx = hash01(node.id + other.id) - 0.5;
              dy = 0.5 - hash01(other.id + node.id);
              d2 = dx * dx + dy * dy;
            }
            var push = strength / d2;
            node.vx += dx * push;
            node.vy += dy * push;
            other.vx -= dx * push;
            other.vy -= dy * push;
          }
        }
      }
    }
    var rest = 45;
    for (i = 0; i < this.links.length; i++) {
      var a = this.links[i].source;
      var b = this.links[i].target;
      var lx = b.x - a.x;
      var ly = b.y - a.y;
      var length = Math.sqrt(lx * lx + ly * ly) || 1;
      var pull = ((length - rest) / length) * 0.05 * this.alpha;
      a.vx += lx * pull;
      a.vy += ly * pull;
      b.vx -= lx * pull;
      b.vy -= ly * pull;
    }
    var gravity = 0.01 * this.alpha;
    for (i = 0; i < nodes.length; i++) {
      node = nodes[i];
      if (node === this.dragged) {
        node.vx = node.vy = 0;
        continue;
      }
      node.vx = (node.vx - node.x * gravity) * 0.6;
      node.vy = (node.vy - node.y * gravity) * 0.6;
      node.x += Math.max(-30, Math.min(30, node.vx));
      node.y += Math.max(-30, Math.min(30, node.vy));
    }
    this.alpha *= 0.985;
  };

  /* Fit every node into the canvas, unless the reader has zoomed or panned. */
  Graph.prototype.fit = function () {
    if (this.userMoved || !this.nodes.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    this.nodes.forEach(function (node) {
      minX = Math.min(minX, node.x);
      minY = Math.min(minY, node.y);
      maxX = Math.max(maxX, node.x);
      maxY = Math.max(maxY, node.y);
    });
    // Room for a dot and the start of a label at the sides (drawLabels keeps the rest of a
    // label inside the canvas), two lines of text below.
    var side = Math.min(this.labelHalfWidth() / 3 + 8, this.width / 6);
    var top = 14;
    var bottom = 36;
    var spanX = Math.max(maxX - minX, 1);
    var spanY = Math.max(maxY - minY, 1);
    this.scale = Math.min(
      (this.width - 2 * side) / spanX,
      (this.height - top - bottom) / spanY,
      this.options.maxScale
    );
    this.offsetX = this.width / 2 - ((minX + maxX) / 2) * this.scale;
    this.offsetY = top + (this.height - top - bottom) / 2 - ((minY + maxY) / 2) * this.scale;
  };

  /* A title as its label: on one line, or on two broken between words when it is longer than
   * `labelChars`; only what does not fit on two lines is cut. Lines are joined with "\n". */
  Graph.prototype.label = function (node) {
    var limit = this.options.labelChars;
    var title = node.title;
    if (title.length <= limit) return title;
    var cut = title.lastIndexOf(" ", limit);
    if (cut <= 0) cut = limit;
    var first = title.slice(0, cut).trim();
    var rest = title.slice(cut).trim();
    if (rest.length > limit) rest = rest.slice(0, limit - 1).trim() + "\u2026";
    return rest ? first + "\n" + rest : first;
  };

  Graph.prototype.labelWidth = function (ctx, text) {
    return Math.max.apply(
      null,
      text.split("\n").map(function (line) {
        return ctx.measureText(line).width;
      })
    );
  };

  Graph.prototype.labelHalfWidth = function () {
    if (this.halfWidth === undefined) {
      var ctx = this.canvas.getContext("2d");
      ctx.font = this.font();
      var widest = 0;
      for (var i = 0; i < this.nodes.length; i++) {
        widest = Math.max(widest, this.labelWidth(ctx, this.label(this.nodes[i])));
      }
      this.halfWidth = this.options.labels === "all" ? widest / 2 : Math.min(widest / 2, 36);
    }
    return this.halfWidth;
  };

  Graph.prototype.font = function () {
    return "11px " + getComputedStyle(this.container).fontFamily;
  };

  Graph.prototype.toScreen = function (node) {
    return { x: node.x * this.scale + this.offsetX, y: node.y * this.scale + this.offsetY };
  };

  Graph.prototype.radius = function (node) {
    var size = 3 + Math.sqrt(node.degree) * 1.6;
    // A zoomable graph of many notes shrinks its dots when zoomed out, so they stay apart.
    return this.options.interactive ? size * Math.max(0.35, Math.min(1.3, Math.sqrt(this.scale))) : size;
  };

  /* Labels beyond "all": the best-linked notes always, every note once few are on screen. */
  Graph.prototype.labelledAll = function () {
    if (this.options.labels === "all") return true;
    var visible = 0;
    for (var i = 0; i < this.nodes.length && visible <= 60; i++) {
      var p = this.toScreen(this.nodes[i]);
      if (p.x >= 0 && p.y >= 0 && p.x <= this.width && p.y <= this.height) visible++;
    }
    return visible <= 60;
  };

  Graph.prototype.draw = function () {
    var ctx = this.canvas.getContext("2d");
    var c = colours(this.container);
    var self = this;
    var focus = this.hovered;
    var near = focus ? this.neighbours[focus.id] || {} : null;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.lineWidth = 1;
    // Thousands of lines would paint the canvas solid: fade them as they multiply.
    var linkAlpha = Math.max(0.08, Math.min(1, 800 / (this.links.length || 1)));
    this.links.forEach(function (link) {
      var a = self.toScreen(link.source);
      var b = self.toScreen(link.target);
      var lit = focus && (link.source === focus || link.target === focus);
      ctx.strokeStyle = lit ? c.hover : c.link;
      ctx.globalAlpha = lit ? 1 : (focus ? 0.35 : 1) * linkAlpha;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    var labelAll = this.labelledAll();
    ctx.font = this.font();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var labelled = [];
    var dots = []; // no label is written over a dot (the current note's least of all)
    this.nodes.forEach(function (node) {
      var p = self.toScreen(node);
      var r = self.radius(node) + 1.5;
      dots.push({ node: node, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r });
      var isCurrent = node.id === self.options.current;
      var lit = focus && (node === focus || near[node.id]);
      ctx.globalAlpha = focus && !lit ? 0.35 : 1;
      ctx.fillStyle = isCurrent ? c.current : node === focus ? c.hover : c.node;
      ctx.beginPath();
      ctx.arc(p.x, p.y, self.radius(node) + (isCurrent ? 1.5 : 0), 0, 2 * Math.PI);
      ctx.fill();
      var onCanvas = p.x > -40 && p.x < self.width + 40 && p.y > -20 && p.y < self.height + 20;
      if (onCanvas && (labelAll || isCurrent || lit || node.degree >= self.options.labelDegree)) {
        var rank = isCurrent ? 3 : node === focus ? 2 : lit ? 1 : 0;
        labelled.push({ node: node, p: p, rank: rank, dim: focus && !lit });
      }
    });
    this.drawLabels(ctx, c, labelled, dots);
    ctx.globalAlpha = 1;
  };

  /* Labels in order of importance (current note, hovered one, its neighbours, best linked),
   * each kept inside the canvas and left out where it would cover one already written. */
  Graph.prototype.drawLabels = function (ctx, c, labelled, dots) {
    var self = this;
    labelled.sort(function (a, b) {
      return b.rank - a.rank || b.node.degree - a.node.degree || a.node.index - b.node.index;
    });
    var placed = (this.labelBoxes = []); // kept for tests and readers of the DOM
    var lineHeight = 13;
    labelled.forEach(function (item) {
      var text = self.label(item.node);
      var lines = text.split("\n");
      var half = self.labelWidth(ctx, text) / 2;
      var height = lineHeight * lines.length;
      var x = Math.max(half + 2, Math.min(self.width - half - 2, item.p.x));
      function boxAt(top) {
        return { left: x - half - 2, right: x + half + 2, top: top, bottom: top + height };
      }
      function overlaps(box, other) {
        return (
          box.left < other.right && other.left < box.right &&
          box.top < other.bottom && other.top < box.bottom
        );
      }
      function covers(box) {
        return (
          placed.some(function (other) {
            return overlaps(box, other);
          }) ||
          (dots || []).some(function (dot) {
            return dot.node !== item.node && overlaps(box, dot);
          })
        );
      }
      var gap = self.radius(item.node) + 3;
      var box = boxAt(item.p.y + gap); // below the dot; above it where that is taken
      if (box.bottom > self.height || covers(box)) {
        var above = boxAt(item.p.y - gap - height);
        if (above.top >= 0 && !covers(above)) {
          box = above;
        } else if (item.rank < 2) {
          return; // the current and the hovered note keep their label regardless
        }
      }
      var y = box.top;
      box.text = text;
      placed.push(box);
      ctx.globalAlpha = item.dim ? 0.35 : 1;
      ctx.lineWidth = 3;
      ctx.strokeStyle = c.halo;
      ctx.fillStyle = c.label;
      lines.forEach(function (line, number) {
        ctx.strokeText(line, x, y + number * lineHeight);
        ctx.fillText(line, x, y + number * lineHeight);
      });
    });
  };

  Graph.prototype.animate = function () {
    var self = this;
    var stepsPerFrame = this.nodes.length > 400 ? 2 : 4;
    function frame() {
      if (!self.container.isConnected) return;
      for (var k = 0; k < stepsPerFrame && self.alpha > 0.02; k++) {
        self.step();
      }
      self.fit();
      self.draw();
      if (self.alpha > 0.02 || self.dragged) {
        self.container.removeAttribute("data-lg-ready");
        requestAnimationFrame(frame);
      } else {
        self.running = false;
        self.container.setAttribute("data-lg-ready", "true");
      }
    }
    if (!this.running) {
      this.running = true;
      requestAnimationFrame(frame);
    }
  };

  Graph.prototype.nodeAt = function (x, y) {
    var best = null;
    var bestDistance = Infinity;
    for (var i = 0; i < this.nodes.length; i++) {
      var p = this.toScreen(this.nodes[i]);
      var d = Math.hypot(p.x - x, p.y - y);
      if (d < Math.max(this.radius(this.nodes[i]) + 4, 8) && d < bestDistance) {
        best = this.nodes[i];
        bestDistance = d;
      }
    }
    return best;
  };

  /* Screen position (relative to the viewport) of a node: lets tests click it like a reader. */
  Graph.prototype.clientPosition = function (id) {
    var node = this.byId[id];
    if (!node) return null;
    var p = this.toScreen(node);
    var box = this.canvas.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  };

  /* Follow a node like a link: Material's instant navigation takes the click where it can. */
  Graph.prototype.open = function (node) {
    var link = document.createElement("a");
    link.href = new URL(node.url.replace(/^\/+/, ""), root).href;
    link.hidden = true;
    this.container.appendChild(link);
    link.click();
    link.remove();
  };

  Graph.prototype.bind = function () {
    var self = this;
    var canvas = this.canvas;
    var press = null;
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }
    canvas.addEventListener("mousemove", function (event) {
      var p = point(event);
      if (press && self.options.interactive) {
        if (press.node) {
          self.dragged = press.node;
          press.node.x = (p.x - self.offsetX) / self.scale;
          press.node.y = (p.y - self.offsetY) / self.scale;
          self.alpha = Math.max(self.alpha, 0.3);
          self.animate();
        } else {
          self.offsetX += p.x - press.x;
          self.offsetY += p.y - press.y;
          press.x = p.x;
          press.y = p.y;
          self.userMoved = true;
          self.draw();
        }
        press.moved = true;
        return;
      }
      var node = self.nodeAt(p.x, p.y);
      if (node !== self.hovered) {
        self.hovered = node;
        canvas.style.cursor = node ? "pointer" : "";
        canvas.title = node ? node.title : "";
        self.draw();
      }
    });
    canvas.addEventListener("mouseleave", function () {
      self.hovered = null;
      press = null;
      self.dragged = null;
      self.draw();
    });
    canvas.addEventListener("mousedown", function (event) {
      var p = point(event);
      press = { x: p.x, y: p.y, node: self.nodeAt(p.x, p.y), moved: false };
    });
    canvas.addEventListener("mouseup", function (event) {
      var p = point(event);
      var wasDrag = press && press.moved;
      var node = self.nodeAt(p.x, p.y);
      press = null;
      self.dragged = null;
      if (!wasDrag && node) {
        self.open(node);
      }
    });
    if (this.options.interactive) {
      canvas.addEventListener(
        "wheel",
        function (event) {
          event.preventDefault();
          var p = point(event);
          var factor = Math.exp(-event.deltaY * 0.0015);
          self.offsetX = p.x - (p.x - self.offsetX) * factor;
          self.offsetY = p.y - (p.y - self.offsetY) * factor;
          self.scale *= factor;
          self.userMoved = true;
          self.draw();
        },
        { passive: false }
      );
    }
    // Redraw when the reader switches between light and dark, or the column changes width;
    // both watchers end once instant navigation has replaced this graph's page.
    var palette = new MutationObserver(function () {
      if (!self.container.isConnected) return palette.disconnect();
      self.draw();
    });
    palette.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    if (window.ResizeObserver) {
      var width = this.container.clientWidth;
      var resized = new ResizeObserver(function () {
        if (!self.container.isConnected) return resized.disconnect();
        if (self.container.clientWidth === width) return;
        width = self.container.clientWidth;
        self.resize();
        self.fit();
        self.draw();
      });
      resized.observe(this.container);
    }
  };

  function currentNodeId(data) {
    var here = sitePath(location.href);
    for (var i = 0; i < data.nodes.length; i++) {
      if (nodeKey(data.nodes[i].url) === here) {
        return data.nodes[i].id;
      }
    }
    return null;
  }

  /* The degree a note needs to be among the `count` best-linked ones (at least 3 links). */
  function topDegree(data, count) {
    var degree = {};
    data.links.forEach(function (link) {
      degree[link.source] = (degree[link.source] || 0) + 1;
      degree[link.target] = (degree[link.target] || 0) + 1;
    });
    var sorted = Object.keys(degree)
      .map(function (id) {
        return degree[id];
      })
      .sort(function (a, b) {
        return b - a;
      });
    return Math.max(3, sorted.length > count ? sorted[count - 1] + 1 : 3);
  }

  function byIdOf(data) {
    var ids = {};
    data.nodes.forEach(function (node) {
      ids[node.id] = node;
    });
    return ids;
  }

  function localContainer(globalUrl) {
    var box = document.createElement("div");
    box.className = "lg-graph lg-graph--local";
    var heading = document.createElement("div");
    heading.className = "lg-graph__title";
    heading.textContent = "Graph";
    if (globalUrl !== null && globalUrl !== undefined) {
      // The whole garden's graph, one click from every page.
      var whole = document.createElement("a");
      whole.className = "lg-graph__whole";
      whole.href = new URL(globalUrl, root).href;
      whole.textContent = "whole garden \u2197";
      whole.title = "Open the graph of every note";
      heading.appendChild(document.createTextNode(" \u00b7 "));
      heading.appendChild(whole);
    }
    box.appendChild(heading);
    var sidebar = document.querySelector(".md-sidebar--secondary .md-sidebar__inner");
    var sidebarShown = sidebar && sidebar.offsetParent !== null;
    if (sidebarShown) {
      sidebar.insertBefore(box, sidebar.firstChild);
    } else {
      var article = document.querySelector("article.md-content__inner");
      if (!article) return null;
      box.classList.add("lg-graph--inline");
      article.appendChild(box);
    }
    return box;
  }

  function onPage() {
    var globals = document.querySelectorAll(".lg-graph--global");
    // `pending` until this page's graphs exist (tests and readers of the DOM can wait on it).
    document.body.setAttribute("data-lg-graph", "pending");
    loadGraph()
      .then(function (data) {
        var current = currentNodeId(data);
        var previous = null;
        try {
          // The global graph marks the note the reader came from.
          previous = sessionStorage.getItem("livegarden.lastNote");
          if (!globals.length && current !== null) {
            sessionStorage.setItem("livegarden.lastNote", current);
          }
        } catch (error) {
          previous = null; // storage may be disabled; the graph works without it
        }
        globals.forEach(function (container) {
          container.textContent = "";
          new Graph(container, data, {
            current: previous !== null && previous in byIdOf(data) ? previous : current,
            height: Math.max(420, Math.round(window.innerHeight * 0.7)),
            labels: data.nodes.length <= 40 ? "all" : "some",
            labelChars: 32,
            labelDegree: topDegree(data, 25),
            maxScale: 4,
            interactive: true,
            label: "Graph of every published note",
          });
        });
        if (globals.length || current === null) return;
        var depth = Number(settings.graphDepth) || 1;
        var local = neighbourhood(data, current, depth);
        var box = localContainer(data.global);
        if (!box) return;
        new Graph(box, local, {
          current: current,
          height: 240,
          labels: local.nodes.length <= 5 ? "all" : "some",
          labelChars: 20,
          labelDegree: Infinity,
          maxScale: 3,
          interactive: false,
          label: "Notes linked with this one",
        });
      })
      .catch(function (error) {
        console.error(error);
      })
      .then(function () {
        document.body.setAttribute("data-lg-graph", "placed");
      });
  }

  lg.graph = { load: loadGraph, Graph: Graph };
  if (window.document$) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
