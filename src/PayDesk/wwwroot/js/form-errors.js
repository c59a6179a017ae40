/*
 * After a form is posted, its error comes into view. The pages answer a post with the whole page, scrolled to the top;
 * an error in a panel lower down (the transaction look-up, the refund form) was off screen, and a newcomer's walk read
 * the page as having done nothing. The server marks a page answering a post (body[data-posted]); the first error
 * inside a form is scrolled to the middle of the screen and focused for screen readers; it goes once an answer changes.
 */
(function () {
    'use strict';
    function show() {
        if (!document.body || !document.body.hasAttribute('data-posted')) return;
        var error = document.querySelector('form [role=alert]');
        if (!error || error.offsetParent === null) return;
        error.setAttribute('tabindex', '-1');
        error.scrollIntoView({ block: 'center' });
        error.focus({ preventScroll: true });
    }
    // Once the person changes an answer, the error about the last post no longer describes the form (a customer saw
    // "评分应为 1 到 5 之间的整数" stay while 5 was chosen): errors in the form and beside it fade out as they type or pick.
    // On input, not on change (a text field's change comes with the click on the submit button), and keeping their space:
    // a button that moved under the pointer between press and release lost the click.
    function clear(event) {
        var form = event.target && event.target.closest ? event.target.closest('form') : null;
        if (!form) return;
        var scope = form.parentElement || form;
        scope.querySelectorAll('.error[role=alert]').forEach(function (e) { e.classList.add('stale'); });
    }
    document.addEventListener('input', clear, true);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', show);
})();
