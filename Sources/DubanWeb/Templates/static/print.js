// The only script of the app: the print button of report pages (CSP allows scripts from 'self' only).
document.querySelectorAll('[data-print]').forEach(function (b) { b.addEventListener('click', function () { window.print(); }); });
