// Lint for the map's own browser code. Plain scripts, loaded by a <script> tag
// beside Leaflet (a global `L`); no build step.
import js from "@eslint/js";

export default [
  js.configs.recommended,
  {
    files: ["storymap/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        L: "readonly",
        window: "readonly",
        document: "readonly",
        console: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        ResizeObserver: "readonly",
      },
    },
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": ["error", { lexicalBindings: true }],
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
];
