"""Math typeset at build time: TeX in a page becomes MathJax's CHTML markup before it ships."""
