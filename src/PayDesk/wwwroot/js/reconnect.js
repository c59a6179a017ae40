/*
 * PayDesk's reconnect dialog for Blazor's circuit (Components/App.razor). Blazor toggles the dialog's
 * classes and announces each state; this opens and closes the dialog and wires its two buttons.
 * A file rather than Blazor's built-in dialog, whose inline <style> the Content-Security-Policy refuses.
 */
(function () {
    'use strict';
    var dialog = document.getElementById('components-reconnect-modal');
    if (!dialog) return;
    function retryWhenVisible() { if (document.visibilityState === 'visible') retry(); }
    function retry() {
        document.removeEventListener('visibilitychange', retryWhenVisible);
        Promise.resolve(window.Blazor.reconnect()).then(function (reconnected) {
            if (reconnected) return;
            return Promise.resolve(window.Blazor.resumeCircuit()).then(function (resumed) {
                if (resumed) dialog.close(); else location.reload();
            });
        }).catch(function () { document.addEventListener('visibilitychange', retryWhenVisible); });
    }
    function resume() {
        Promise.resolve(window.Blazor.resumeCircuit()).then(function (resumed) {
            if (!resumed) location.reload();
        }).catch(function () {
            dialog.classList.replace('components-reconnect-paused', 'components-reconnect-resume-failed');
        });
    }
    dialog.addEventListener('components-reconnect-state-changed', function (e) {
        var state = e.detail && e.detail.state;
        if (state === 'show' || state === 'retrying' || state === 'failed' || state === 'paused') {
            if (!dialog.open) dialog.showModal();
            if (state === 'failed') document.addEventListener('visibilitychange', retryWhenVisible);
        } else if (state === 'hide') {
            if (dialog.open) dialog.close();
        } else if (state === 'rejected') {
            location.reload();
        }
    });
    document.getElementById('components-reconnect-button').addEventListener('click', retry);
    document.getElementById('components-resume-button').addEventListener('click', resume);
})();
