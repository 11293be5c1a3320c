/* Run by the app's page on a reader's first map (storymap/ui/index_page.py). The map's
 * frame calls window[hookName] once it has drawn its places (storylayer.js), and the
 * page then fetches and compiles the code of the elements its next run draws first, the
 * panel's text and buttons: that run comes with the map's first report, a moment later,
 * and its panel is then drawn as soon as it comes rather than behind the controls'
 * code. Not sooner: it would compete with the map's own files and its places.
 */
window.loadPanelCodeWhenCalled = function (hookName, addresses) {
  "use strict";
  window[hookName] = function () {
    window[hookName] = undefined; // once
    for (const address of addresses) {
      const link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = address;
      document.head.append(link);
    }
  };
};
