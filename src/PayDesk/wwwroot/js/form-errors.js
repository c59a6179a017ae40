/*
 * After a form is posted, its error comes into view. The pages answer a post with the whole page, scrolled to the top;
 * an error in a panel lower down (the transaction look-up, the refund form) was off screen, and a newcomer's walk read
 * the page as having done nothing. The server marks a page answering a post (body[data-posted]); the first error
 * inside a form is scrolled to the middle of the screen and focused for screen readers.
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
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', show);
})();
