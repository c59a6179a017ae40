/*
 * The top bar's menu button on phones (issue 18). Loaded in <head>, so the "js-nav" class is on <html> before the
 * bar is drawn: without JavaScript the bar stays open (every link reachable), with it the bar collapses behind the
 * button. Listeners sit on the document, so they keep working after Blazor's enhanced navigation patches the bar
 * (which also closes it again, since the server renders it closed).
 */
(function () {
    'use strict';
    var root = document.documentElement;
    root.classList.add('js-nav');
    // Blazor's enhanced navigation makes <html>'s attributes those the server rendered, which removed the class: after the
    // first in-app link the bar stayed open on every page. Put it back whenever it goes.
    new MutationObserver(function () {
        if (!root.classList.contains('js-nav')) root.classList.add('js-nav');
    }).observe(root, { attributes: true, attributeFilter: ['class'] });

    function bar(button) { return button.closest('.topbar'); }

    function set(button, open) {
        var header = bar(button);
        if (!header) return;
        header.classList.toggle('nav-open', open);
        button.setAttribute('aria-expanded', String(open));
    }

    document.addEventListener('click', function (e) {
        var button = e.target.closest && e.target.closest('.nav-toggle');
        if (!button) return;
        set(button, button.getAttribute('aria-expanded') !== 'true');
    });

    // Escape closes the open menu and puts focus back on its button.
    document.addEventListener('keydown', function (e) {
        if (e.key !== 'Escape') return;
        var open = document.querySelector('.topbar.nav-open .nav-toggle');
        if (!open) return;
        set(open, false);
        open.focus();
    });
})();
