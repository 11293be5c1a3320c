/* Run by the app's page, before the map's frame exists: start loading the story's
 * features at once, and keep the parsed data's promise in the page under its address
 * for the map's frame to take (storylayer.js). A failed load is forgotten, so that
 * the next map asks again. The page calls startStoryLoading(store, url) after this.
 */
window.startStoryLoading = function (storeName, url) {
  "use strict";
  const store = (window[storeName] = window[storeName] || {});
  store[url] =
    store[url] ||
    fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .catch((error) => {
        delete store[url];
        throw error;
      });
};
