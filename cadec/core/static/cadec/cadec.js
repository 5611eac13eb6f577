// Submit the language switcher as soon as a language is chosen; without JavaScript the button does it.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  const button = select.form.querySelector("button");
  if (button) button.hidden = true;
  select.addEventListener("change", () => select.form.submit());
});
