/*
 * Bootstrap Italia's collapsible navigation without Bootstrap Italia's JS: below 992 px the menu
 * button opens the side panel, sets aria-expanded and moves focus to the first link; the close
 * button, Escape, a tap on the overlay or focus leaving the panel close it and focus returns to the
 * menu button.
 */
for (const toggler of document.querySelectorAll('.custom-navbar-toggler[aria-controls]')) {
  const panel = document.getElementById(toggler.getAttribute('aria-controls'));
  if (!panel) continue;
  const overlay = panel.querySelector('.overlay');
  const isOpen = () => toggler.getAttribute('aria-expanded') === 'true';
  const setOpen = (open, refocus) => {
    toggler.setAttribute('aria-expanded', String(open));
    panel.classList.toggle('expanded', open);
    panel.style.display = open ? 'block' : '';
    if (overlay) overlay.style.display = open ? 'block' : '';
    if (open) panel.querySelector('.menu-wrapper a')?.focus();
    else if (refocus) toggler.focus();
  };
  toggler.addEventListener('click', () => setOpen(!isOpen(), false));
  panel.querySelector('.close-menu')?.addEventListener('click', () => setOpen(false, true));
  overlay?.addEventListener('click', () => setOpen(false, true));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen()) setOpen(false, true);
  });
  panel.addEventListener('focusout', (e) => {
    if (isOpen() && e.relatedTarget && !panel.contains(e.relatedTarget) && e.relatedTarget !== toggler)
      setOpen(false, false);
  });
  // Back to the desktop layout: the panel's inline state must not linger.
  matchMedia('(min-width: 992px)').addEventListener('change', (e) => {
    if (e.matches && isOpen()) setOpen(false, false);
  });
}
