/*
 * PayDesk chat widget. Embed on any page with one tag:
 *   <script src="https://paydesk.example.com/chat/widget.js" data-lang="zh-CN" defer></script>
 * It talks to the PayDesk server it was loaded from (REST for start/upload, SignalR for the chat).
 * Messages carry their own ids and are kept in localStorage until the server confirms them, so a
 * dropped connection never loses or duplicates what the customer typed.
 */
(function () {
    'use strict';
    var script = document.currentScript;
    if (!script || window.PayDeskChat) return;
    var base = new URL(script.src).origin;
    var lang = script.getAttribute('data-lang') || (navigator.language && navigator.language.indexOf('zh') === 0 ? 'zh-CN' : 'en');
    var storeKey = 'paydesk.chat.' + base;
    var state = load() || { token: null, conversationId: null, lastId: 0, pending: [] };
    var texts = {};
    var connection = null;
    var ui = {};
    var typingTimer = null, lastTypingSent = 0;
    var maxFileBytes = 0;
    // The newest server message shown on THIS page: a page opened later (the customer moved on from /my to /help)
    // starts with an empty log and asks for the whole conversation, not only what came after state.lastId.
    var shownUpTo = 0;

    function load() { try { return JSON.parse(localStorage.getItem(storeKey)); } catch (e) { return null; } }
    function save() { try { localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ } }
    function t(key) { return texts['Widget.' + key] || key; }
    function uuid() { return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, '').slice(0, 32); }
    function el(tag, attrs, children) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
            if (k === 'text') e.textContent = attrs[k]; else if (k.indexOf('on') === 0) e.addEventListener(k.slice(2), attrs[k]); else e.setAttribute(k, attrs[k]);
        });
        (children || []).forEach(function (c) { e.appendChild(c); });
        return e;
    }

    function loadSignalR() {
        return window.signalR ? Promise.resolve() : new Promise(function (resolve, reject) {
            var s = document.createElement('script');
            s.src = base + '/lib/signalr/signalr.min.js';
            s.onload = resolve; s.onerror = reject;
            document.head.appendChild(s);
        });
    }

    function build() {
        var host = el('div', { id: 'paydesk-chat' });
        // Hidden until its stylesheet arrives, so the launcher never flashes unstyled (CSSOM, not a style attribute).
        host.style.display = 'none';
        document.body.appendChild(host);
        // PayDesk's own pages move on without a reload (Blazor's enhanced navigation), which replaces what the body holds: the
        // widget, conversation and all, is put back after each such move (a customer lost it on opening 我的投诉).
        function keep() { if (!host.isConnected) document.body.appendChild(host); }
        if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', keep);
        else document.addEventListener('DOMContentLoaded', function () { if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', keep); });
        var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
        var sheet = el('link', { rel: 'stylesheet', href: base + '/chat/widget.css' });
        // Shown once styled: only then has the launcher a size and place to check against the page (keepOffControls).
        sheet.addEventListener('load', function () { host.style.display = ''; if (ui.recheck) ui.recheck(); });
        sheet.addEventListener('error', function () { host.style.display = ''; if (ui.recheck) ui.recheck(); });
        root.appendChild(sheet);
        ui.launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'data-testid': 'chat-launcher', text: t('Open'), onclick: toggle });
        ui.status = el('div', { class: 'status', role: 'status', 'data-testid': 'chat-status' });
        ui.log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'data-testid': 'chat-log' });
        ui.typing = el('div', { class: 'typing', 'aria-live': 'polite' });
        ui.error = el('div', { class: 'error', role: 'alert' });
        ui.start = buildStartForm();
        ui.compose = buildComposer();
        ui.panel = el('section', { class: 'panel', hidden: '', role: 'dialog', 'aria-label': t('Title') }, [
            el('div', { class: 'head' }, [el('strong', { text: t('Title') }), el('button', { type: 'button', 'aria-label': t('Close'), text: '×', onclick: toggle })]),
            ui.status, ui.notices = el('div', { class: 'notices', hidden: '', role: 'region', 'aria-label': t('Announcements'), 'data-testid': 'chat-announcements' }),
            ui.log, ui.typing, ui.error, ui.start, ui.compose]);
        root.appendChild(ui.panel);
        root.appendChild(ui.launcher);
        ui.host = host;
        keepOffControls();
    }

    /*
     * The launcher floats over the page, so on a phone it could sit on the host page's own form fields and buttons.
     * Whenever it would cover one (after scrolling, resizing, focusing, or the page changing), it fades out and takes
     * no clicks; it comes back where it covers nothing, e.g. at the end of the page. An open chat keeps it shown:
     * it is then the close button.
     */
    function keepOffControls() {
        var pending = false;
        function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
        function check() {
            pending = false;
            if (!ui.launcher) return;
            var open = !ui.panel.hasAttribute('hidden');
            var box = ui.launcher.getBoundingClientRect();
            var covered = false;
            if (!open && box.width > 0) {
                var controls = document.querySelectorAll('input:not([type=hidden]), select, textarea, button, [contenteditable=true], a.button');
                for (var i = 0; i < controls.length && !covered; i++) {
                    var c = controls[i];
                    if (ui.host.contains(c)) continue;
                    var r = c.getBoundingClientRect();
                    if (r.width > 0 && r.height > 0 && overlaps(box, r)) covered = true;
                }
            }
            ui.launcher.classList.toggle('tucked', covered);
            if (covered) ui.launcher.setAttribute('aria-hidden', 'true'); else ui.launcher.removeAttribute('aria-hidden');
            ui.launcher.tabIndex = covered ? -1 : 0;
        }
        function soon() { if (!pending) { pending = true; requestAnimationFrame(check); } }
        window.addEventListener('scroll', soon, { passive: true });
        window.addEventListener('resize', soon);
        document.addEventListener('focusin', soon);
        document.addEventListener('focusout', soon);
        if (window.MutationObserver) new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
        ui.recheck = soon;
        check();
    }

    function field(name, label, type) {
        var input = el('input', { name: name, type: type || 'text', 'data-testid': 'chat-' + name });
        return { label: el('label', {}, [document.createTextNode(label), input]), input: input };
    }

    function buildStartForm() {
        var name = field('name', t('Name')), phone = field('phone', t('Phone'), 'tel'), email = field('email', t('Email'), 'email');
        ui.contactHint = el('div', { class: 'status' });
        ui.contactFields = [name.label, phone.label, email.label];
        var form = el('form', { class: 'start', 'data-testid': 'chat-start' }, [ui.contactHint, name.label, phone.label, email.label,
            el('button', { type: 'submit', text: t('Start'), 'data-testid': 'chat-start-button' })]);
        form.addEventListener('submit', function (e) {
            e.preventDefault();
            startConversation({ name: name.input.value || null, phone: phone.input.value || null, email: email.input.value || null });
        });
        return form;
    }

    /** A paperclip drawn as SVG (an emoji needs a font the visitor may not have). */
    function paperclip() {
        var ns = 'http://www.w3.org/2000/svg';
        var svg = document.createElementNS(ns, 'svg');
        svg.setAttribute('viewBox', '0 0 24 24'); svg.setAttribute('width', '18'); svg.setAttribute('height', '18'); svg.setAttribute('aria-hidden', 'true');
        var path = document.createElementNS(ns, 'path');
        path.setAttribute('d', 'M21 11.5l-8.5 8.5a5.5 5.5 0 0 1-7.8-7.8l9-9a3.7 3.7 0 0 1 5.2 5.2l-9 9a1.8 1.8 0 0 1-2.6-2.6l8.3-8.3');
        path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#0b5cad'); path.setAttribute('stroke-width', '2');
        path.setAttribute('stroke-linecap', 'round'); path.setAttribute('stroke-linejoin', 'round');
        svg.appendChild(path);
        return svg;
    }

    function buildComposer() {
        ui.text = el('textarea', { 'aria-label': t('Message'), placeholder: t('Message'), 'data-testid': 'chat-input' });
        ui.text.addEventListener('input', typing);
        ui.text.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
        var file = el('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv', 'data-testid': 'chat-file' });
        file.addEventListener('change', function () { if (file.files[0]) upload(file.files[0]); file.value = ''; });
        var form = el('form', { hidden: '' }, [el('label', { class: 'file', title: t('Attach'), 'aria-label': t('Attach'), 'data-testid': 'chat-attach' }, [
            paperclip(), file]), ui.text,
            el('button', { class: 'send', type: 'submit', text: t('Send'), 'data-testid': 'chat-send' })]);
        form.addEventListener('submit', function (e) { e.preventDefault(); send(); });
        return form;
    }

    function toggle() {
        var open = ui.panel.hasAttribute('hidden');
        if (open) ui.panel.removeAttribute('hidden'); else ui.panel.setAttribute('hidden', '');
        ui.launcher.setAttribute('aria-expanded', String(open));
        if (ui.recheck) ui.recheck();
        if (open) { markRead(); (state.token ? ui.text : ui.start.querySelector('input')).focus(); }
    }

    function api(path, options) {
        options = options || {};
        options.headers = Object.assign({ 'Accept-Language': lang }, options.headers || {});
        return fetch(base + '/api/v1' + path + (path.indexOf('?') < 0 ? '?' : '&') + 'culture=' + encodeURIComponent(lang), options).then(function (r) {
            return r.json().catch(function () { return {}; }).then(function (body) {
                if (!r.ok) {
                    var errors = body.errors ? Object.keys(body.errors).map(function (k) { return body.errors[k].join(' '); }).join(' ') : '';
                    throw new Error(errors || body.detail || body.title || r.status);
                }
                return body;
            });
        });
    }

    function showError(e) { ui.error.textContent = e ? (e.message || String(e)) : ''; }

    function startConversation(details) {
        showError(null);
        details.locale = lang; details.pageUrl = location.href.slice(0, 500);
        api('/chat/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(details) })
            .then(function (started) {
                state = { token: started.token, conversationId: started.conversation.id, lastId: 0, pending: [] };
                save();
                started.messages.forEach(render);
                return connect();
            }).catch(showError);
    }

    function render(m) {
        if (ui.log.querySelector('[data-id="' + m.clientMessageId + '"]')) { confirm(m); return; }
        var kind = m.fromSystem ? 'sys' : m.fromCustomer ? 'me' : 'them';
        var body = el('span', { text: m.body });
        var node = el('div', { class: 'msg ' + kind, 'data-id': m.clientMessageId, 'data-server-id': String(m.id || 0) }, [body]);
        if (m.attachmentId) {
            body.textContent = '';
            body.appendChild(attachmentLink(base + '/api/v1/chat/attachments/' + m.attachmentId + '?token=' + encodeURIComponent(state.token), m.body));
        }
        if (kind !== 'sys') node.appendChild(el('span', { class: 'meta', text: (kind === 'them' ? m.senderName + ' · ' : '') + time(m.createdAt) + (m.id ? '' : ' · ' + t('Sending')) }));
        ui.log.appendChild(node);
        ui.log.scrollTop = ui.log.scrollHeight;
        if (m.id) confirm(m);
    }

    function confirm(m) {
        if (m.id > state.lastId) { state.lastId = m.id; }
        if (m.id > shownUpTo) { shownUpTo = m.id; }
        state.pending = state.pending.filter(function (p) { return p.clientMessageId !== m.clientMessageId; });
        save();
        var node = ui.log.querySelector('[data-id="' + m.clientMessageId + '"]');
        if (node && node.getAttribute('data-server-id') === '0') {
            node.setAttribute('data-server-id', String(m.id));
            var meta = node.querySelector('.meta');
            if (meta) meta.textContent = time(m.createdAt);
        }
        if (!m.fromCustomer && !m.fromSystem) markRead();
    }

    function time(iso) { var d = iso ? new Date(iso) : new Date(); return d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }); }

    function markRead() {
        if (!connection || ui.panel.hasAttribute('hidden') || !state.lastId) return;
        connection.invoke('Read', state.lastId).catch(function () { /* retried on next message */ });
    }

    function connect() {
        ui.start.setAttribute('hidden', '');
        ui.compose.removeAttribute('hidden');
        return loadSignalR().then(function () {
            connection = new signalR.HubConnectionBuilder()
                .withUrl(base + '/hubs/chat?visitor=' + encodeURIComponent(state.token), { withCredentials: false })
                .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
                .build();
            connection.on('message', render);
            connection.on('typing', function (e) { ui.typing.textContent = e.on ? t('AgentTyping') : ''; });
            connection.on('read', function (e) {
                if (e.byCustomer) return;
                ui.log.querySelectorAll('.msg.me').forEach(function (n) {
                    var id = Number(n.getAttribute('data-server-id'));
                    var meta = n.querySelector('.meta');
                    if (id && id <= e.upTo && meta && meta.textContent.indexOf(t('Read')) < 0) meta.textContent += ' · ' + t('Read');
                });
            });
            connection.on('status', function (c) {
                if (c.status === 'ended') ended();
                else ui.status.textContent = statusText(c);
            });
            connection.onreconnecting(function () { ui.status.textContent = t('Reconnecting'); });
            connection.onreconnected(catchUp);
            return connection.start().then(catchUp);
        }).catch(function (e) {
            // The token expired or the chat is gone: start over.
            if (String(e).indexOf('1008') >= 0 || String(e).indexOf('closed') >= 0) { reset(); }
            showError(e);
        });
    }

    /** Who is answering: the assistant (around the clock), an agent by name, or the queue for one. */
    function statusText(c) {
        if (c.agentName) return t('ServedBy') + ' ' + c.agentName;
        if (c.status === 'bot') return t('BotServing');
        return c.offHours ? t('OffHoursShort') : t('Waiting');
    }

    function catchUp() {
        ui.status.textContent = '';
        return connection.invoke('Status').then(function (c) {
            ui.status.textContent = statusText(c);
            return connection.invoke('History', shownUpTo);
        }).then(function (messages) {
            messages.forEach(render);
            // Whatever was typed while offline goes now; the server drops what it already has.
            return state.pending.reduce(function (p, m) { return p.then(function () { return deliver(m); }); }, Promise.resolve());
        }).catch(function (e) { if (String(e).indexOf('Chat.Ended') >= 0 || String(e).indexOf('已结束') >= 0) ended(); else showError(e); });
    }

    function deliver(m) {
        return connection.invoke('Send', m.clientMessageId, m.body).then(render).catch(function (e) {
            if (connection.state !== 'Connected') return; // stays pending; resent on reconnect
            state.pending = state.pending.filter(function (p) { return p.clientMessageId !== m.clientMessageId; });
            save();
            showError(e);
        });
    }

    function send() {
        var body = ui.text.value.trim();
        if (!body) return;
        showError(null);
        var m = { clientMessageId: uuid(), body: body, fromCustomer: true, createdAt: new Date().toISOString() };
        state.pending.push(m);
        save();
        ui.text.value = '';
        // Sending ends "typing": the next keystroke announces it again at once.
        clearTimeout(typingTimer);
        lastTypingSent = 0;
        render(m);
        if (connection && connection.state === 'Connected') deliver(m);
    }

    function typing() {
        if (!connection || connection.state !== 'Connected') return;
        var now = Date.now();
        if (now - lastTypingSent > 3000) { lastTypingSent = now; connection.invoke('Typing', true).catch(function () { }); }
        clearTimeout(typingTimer);
        // Four seconds on the chat may have ended or the connection dropped (a TypeError on null was seen in a slow run).
        typingTimer = setTimeout(function () {
            lastTypingSent = 0;
            if (connection && connection.state === 'Connected') connection.invoke('Typing', false).catch(function () { });
        }, 4000);
    }

    /** A link to a sent file; an image (judged by the name the server kept, type checked there) also shows as a thumbnail. */
    function attachmentLink(href, label) {
        var link = el('a', { class: 'attachment', href: href, target: '_blank', rel: 'noopener', 'data-testid': 'chat-attachment' });
        if (/\.(png|jpe?g|gif|webp)$/i.test(label)) {
            var img = el('img', { class: 'thumb', src: href, alt: label.replace(/^(?:📎|\[(?:附件|File)\])\s*/, '') });
            img.addEventListener('error', function () { img.remove(); });
            link.appendChild(img);
        }
        link.appendChild(el('span', { text: label.replace(/^(?:📎|\[(?:附件|File)\])\s*/, '') }));
        return link;
    }

    function megabytes(bytes) { return Math.round(bytes / 1048576); }

    /** Sends a file with progress; the limit is checked here first so a huge file is not sent only to be refused. */
    function upload(file) {
        showError(null);
        if (maxFileBytes && file.size > maxFileBytes) {
            showError({ message: t('TooLarge').replace('{0}', file.name).replace('{1}', megabytes(maxFileBytes)) });
            return;
        }
        var clientMessageId = uuid();
        var bubble = el('div', { class: 'msg me uploading', 'data-id': clientMessageId, 'data-server-id': '0', 'data-testid': 'chat-uploading' }, [
            el('span', { text: t('Uploading').replace('{0}', file.name) }), el('progress', { max: '100', value: '0' })]);
        ui.log.appendChild(bubble);
        ui.log.scrollTop = ui.log.scrollHeight;
        var form = new FormData();
        form.append('file', file);
        form.append('clientMessageId', clientMessageId);
        var xhr = new XMLHttpRequest();
        xhr.open('POST', base + '/api/v1/chat/conversations/' + state.conversationId + '/attachments?culture=' + encodeURIComponent(lang));
        xhr.setRequestHeader('X-Chat-Token', state.token);
        xhr.setRequestHeader('Accept-Language', lang);
        xhr.upload.addEventListener('progress', function (e) {
            if (e.lengthComputable) bubble.querySelector('progress').value = String(Math.round(e.loaded * 100 / e.total));
        });
        xhr.addEventListener('load', function () {
            var body = {};
            try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
            bubble.remove();
            if (xhr.status >= 200 && xhr.status < 300) { render(body); return; }
            var errors = body.errors ? Object.keys(body.errors).map(function (k) { return body.errors[k].join(' '); }).join(' ') : '';
            showError({ message: errors || body.detail || body.title || (t('UploadFailed') + ' (' + xhr.status + ')') });
        });
        xhr.addEventListener('error', function () { bubble.remove(); showError({ message: t('UploadFailed') + ': ' + file.name }); });
        xhr.send(form);
    }

    function ended() {
        ui.status.textContent = t('Ended');
        ui.compose.setAttribute('hidden', '');
        reset();
    }

    function reset() {
        clearTimeout(typingTimer);
        if (connection) connection.stop();
        connection = null;
        state = { token: null, conversationId: null, lastId: 0, pending: [] };
        save();
        ui.start.removeAttribute('hidden');
    }

    function init() {
        api('/chat/texts').then(function (strings) {
            texts = strings;
            build();
            return api('/chat/status');
        }).then(function (status) {
            ui.status.textContent = status.message;
            maxFileBytes = status.maxFileBytes || 0;
            ui.contactHint.textContent = status.signedIn ? t('SignedIn') : status.open ? t('ContactOptional') : t('ContactRequired');
            // Signed in on the portal: PayDesk knows who this is, so the contact fields are not asked for.
            if (status.signedIn) ui.contactFields.forEach(function (f) { f.setAttribute('hidden', ''); });
            if (state.token) connect();
            showNotices();
        }).catch(function (e) { if (ui.error) showError(e); });
    }

    // Service notices (open incidents, planned maintenance) as a banner above the conversation; a failure shows nothing.
    function showNotices() {
        api('/announcements/public?placement=chat').then(function (notices) {
            if (!Array.isArray(notices) || notices.length === 0) return;
            notices.slice(0, 3).forEach(function (n) {
                ui.notices.appendChild(el('div', { class: 'notice ' + n.kind, 'data-testid': 'chat-announcement' }, [
                    el('strong', { text: n.title }), el('span', { text: ' ' + n.body }),
                    n.window || n.expectedFix ? el('span', { class: 'when', text: ' ' + (n.window || n.expectedFix) }) : el('span', {})]));
            });
            ui.notices.removeAttribute('hidden');
        }).catch(function () { /* the chat works without notices */ });
    }

    window.PayDeskChat = { open: function () { if (ui.panel && ui.panel.hasAttribute('hidden')) toggle(); } };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
