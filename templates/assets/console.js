// The staff console works without this script; it only helps.
document.addEventListener('DOMContentLoaded', () => {
  // After a refused form, the error summary takes the focus so a screen reader announces it and the
  // keyboard starts there.
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
  // On a phone the navigation scrolls sideways: show the current section.
  const current = document.querySelector('nav.site-nav [aria-current="page"]');
  if (current) current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
});
