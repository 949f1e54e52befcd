// Blocking, in <head>: applies the reader's stored theme before the first paint (site.js stores it). A file, not an inline script, so a CSP of script-src 'self' holds.
try{let t=localStorage.getItem("theme");if(t=="light"||t=="dark")document.documentElement.dataset.theme=t}catch(e){}
