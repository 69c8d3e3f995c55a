/* samskab-web: a live counter on the ballot (knapsack: the cost chosen
   against the pool; cumulative: the points given against the points one
   has). It only adds to a page that works without it: the service checks
   every ballot, and a refused one comes back with its message. */
"use strict";
(function () {
    var form = document.querySelector("form.ballot");
    if (!form) return;
    var lang = form.getAttribute("data-lang");
    function group(n) {
        var s = String(n), out = "";
        while (s.length > 3) {
            out = (lang === "da" ? "." : ",") + s.slice(-3) + out;
            s = s.slice(0, -3);
        }
        return s + out;
    }
    function show(n, unit) {
        if (unit !== "kr") return group(n) + " " + unit;
        return lang === "da" ? group(n) + " kr." : "DKK " + group(n);
    }
    function update(pool) {
        var limit = Number(pool.getAttribute("data-limit"));
        var unit = pool.getAttribute("data-unit");
        var sum = 0;
        pool.querySelectorAll("input[data-cost]").forEach(function (box) {
            if (box.checked) sum += Number(box.getAttribute("data-cost"));
        });
        pool.querySelectorAll("input[type=number]").forEach(function (field) {
            var v = Number(field.value);
            if (v > 0 && Math.floor(v) === v) sum += v;
        });
        var counter = pool.querySelector(".counter");
        var text = form.getAttribute("data-chosen") + " " + show(sum, unit) + " " +
            form.getAttribute("data-of") + " " + show(limit, unit);
        counter.textContent = text + (/\.$/.test(text) ? "" : ".") +
            (sum > limit ? " " + form.getAttribute("data-over") : "");
        counter.classList.toggle("over", sum > limit);
        counter.hidden = false;
    }
    form.querySelectorAll("fieldset[data-limit]").forEach(function (pool) {
        pool.addEventListener("input", function () { update(pool); });
        pool.addEventListener("change", function () { update(pool); });
        update(pool);
    });
})();
