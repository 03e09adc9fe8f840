// Follow-up questions of the safety check, shown in place as soon as an answer calls for them.
// Without this script the server asks them on the next page instead. Each follow-up wrapper
// carries its conditions in data-show-if: [{question, values?, min?, max?, held?}]; it shows
// when any condition holds on a question that is itself shown. A condition on a question not
// on this page carries "held", worked out by the server from the answers already saved.
(function () {
  "use strict";

  function controls(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name;
    });
  }

  function shownControl(el) {
    var wrapper = el.closest(".follow-up");
    return !wrapper || !wrapper.hidden;
  }

  function holds(form, condition) {
    var found = controls(form, condition.question);
    if (!found.length) {
      return Boolean(condition.held);
    }
    if (!found.some(shownControl)) {
      return false;
    }
    if (condition.values) {
      return found.some(function (el) {
        var chosen = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value !== "";
        return chosen && condition.values.indexOf(el.value) !== -1;
      });
    }
    var text = found[0].value.trim();
    if (!/^\d+$/.test(text)) {
      return false;
    }
    var number = parseInt(text, 10);
    var aboveMin = condition.min === undefined || number >= condition.min;
    var belowMax = condition.max === undefined || number <= condition.max;
    return aboveMin && belowMax;
  }

  function announce(form, wrapper) {
    // Screen readers hear that a question appeared, without moving focus.
    var legend = wrapper.querySelector("legend, label");
    var status = form.querySelector(".follow-up-status");
    if (status && legend) {
      status.textContent = "A question was added below: " + legend.textContent.trim();
    }
  }

  function update(form) {
    // In page order, so a follow-up of a follow-up sees its parent's new state.
    form.querySelectorAll(".follow-up[data-show-if]").forEach(function (wrapper) {
      var conditions = JSON.parse(wrapper.getAttribute("data-show-if"));
      var show = conditions.some(function (condition) {
        return holds(form, condition);
      });
      if (show && wrapper.hidden) {
        announce(form, wrapper);
      }
      wrapper.hidden = !show;
      wrapper.querySelectorAll("input, select, textarea").forEach(function (el) {
        el.disabled = !show;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-follow-ups]").forEach(function (form) {
      var status = document.createElement("p");
      status.className = "follow-up-status visually-hidden";
      status.setAttribute("aria-live", "polite");
      form.insertBefore(status, form.firstChild);
      update(form);
      form.addEventListener("change", function () {
        update(form);
      });
      form.addEventListener("input", function () {
        update(form);
      });
    });
  });
})();
