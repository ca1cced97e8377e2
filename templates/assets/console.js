// The staff console works without this script; it only helps: after a refused form, the error summary
// takes the focus so a screen reader announces it and the keyboard starts there.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});
