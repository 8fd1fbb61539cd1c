// Speaker names for the search form's speaker box, fetched as someone types. Without
// JavaScript the box still offers the most quoted people (its <datalist>) and accepts
// any name or part of one.
(function () {
  var input = document.getElementById("search-speaker");
  var list = document.getElementById("speaker-names");
  if (!input || !list || !window.fetch) return;
  var url = input.dataset.suggest;
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var text = input.value.trim();
    if (text.length < 2 || text === last) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      last = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { speakers: [] }; })
        .then(function (data) {
          if (!data.speakers.length) return;
          list.replaceChildren.apply(list, data.speakers.map(function (speaker) {
            var option = document.createElement("option");
            option.value = speaker.name;
            if (speaker.role) option.label = speaker.role;
            return option;
          }));
        })
        .catch(function () {});
    }, 150);
  });
})();

// Leave empty fields (and the default order) out of the address, so that a search's
// link stays short enough to share. Without JavaScript they are sent and ignored.
document.querySelectorAll("form.search-form").forEach(function (form) {
  form.addEventListener("formdata", function (event) {
    var data = event.formData;
    var entries = Array.from(data.entries());
    Array.from(new Set(entries.map(function (entry) { return entry[0]; }))).forEach(function (key) {
      data.delete(key);
    });
    entries.forEach(function (entry) {
      var empty = typeof entry[1] === "string" && entry[1].trim() === "";
      if (!empty && !(entry[0] === "sort" && entry[1] === "relevance")) data.append(entry[0], entry[1]);
    });
  });
});
