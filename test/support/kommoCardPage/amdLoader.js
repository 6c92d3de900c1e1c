// A minimal RequireJS stand-in: enough of define/require for Kommo's way of loading script.js
// (an anonymous `define([deps], factory)` in a script requested by URL) and for script.js loading
// settings.js the same way through its local `require`. Like RequireJS, an id that is not defined
// yet is fetched as a URL, and the special dependencies `require` and `exports` are the loader's
// require and the module's own exports object. Not a general loader: no baseUrl, paths or
// relative ids.
(function () {
  'use strict';
  /** id → { deps, factory } once a module has called define. */
  var definitions = new Map();
  /** id → Promise of the module's value. */
  var instances = new Map();

  function define(id, deps, factory) {
    if (typeof id !== 'string') {
      factory = deps;
      deps = id;
      // An anonymous module takes the id of the script that is running it.
      id = document.currentScript && document.currentScript.dataset.moduleId;
    }
    if (typeof deps === 'function') {
      factory = deps;
      deps = [];
    }
    if (!id) throw new Error('define() called outside a script the loader requested, with no module id');
    definitions.set(id, { deps: deps, factory: factory });
  }
  define.amd = {};

  function fetchScript(id) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = id;
      script.dataset.moduleId = id;
      script.onload = function () {
        definitions.has(id) ? resolve() : reject(new Error(id + ' loaded but did not call define()'));
      };
      script.onerror = function () {
        reject(new Error('could not load ' + id));
      };
      document.head.append(script);
    });
  }

  function load(id) {
    if (!instances.has(id)) {
      var ready = definitions.has(id) ? Promise.resolve() : fetchScript(id);
      instances.set(
        id,
        ready.then(function () {
          var definition = definitions.get(id);
          var exports = {};
          var special = { require: Promise.resolve(require), exports: Promise.resolve(exports) };
          return Promise.all(definition.deps.map(function (dep) {
            return Object.prototype.hasOwnProperty.call(special, dep) ? special[dep] : load(dep);
          })).then(function (values) {
            if (typeof definition.factory !== 'function') return definition.factory;
            var value = definition.factory.apply(null, values);
            return value === undefined && definition.deps.indexOf('exports') >= 0 ? exports : value;
          });
        }),
      );
    }
    return instances.get(id);
  }

  function require(deps, callback, errback) {
    Promise.all(deps.map(load)).then(
      function (values) {
        callback.apply(null, values);
      },
      errback ||
        function (error) {
          setTimeout(function () {
            throw error;
          });
        },
    );
  }

  window.define = define;
  window.require = require;
})();
