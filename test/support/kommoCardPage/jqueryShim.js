// The slice of jQuery 2.x that the widget and the fake host use: document events and Deferred.
// Kommo provides the real jQuery through `define(['jquery'], …)`; this page has none to give.
define('jquery', [], function () {
  'use strict';
  /** target → event name → handlers. */
  var listeners = new Map();

  function handlersOf(target, event) {
    if (!listeners.has(target)) listeners.set(target, new Map());
    var byEvent = listeners.get(target);
    if (!byEvent.has(event)) byEvent.set(event, new Set());
    return byEvent.get(event);
  }

  function $(target) {
    var wrapped = {
      on: function (event, handler) {
        handlersOf(target, event).add(handler);
        return wrapped;
      },
      off: function (event, handler) {
        handler ? handlersOf(target, event).delete(handler) : handlersOf(target, event).clear();
        return wrapped;
      },
      trigger: function (event) {
        Array.from(handlersOf(target, event)).forEach(function (handler) {
          handler.call(target, { type: event, target: target });
        });
        return wrapped;
      },
    };
    return wrapped;
  }

  $.Deferred = function Deferred() {
    var state = 'pending';
    var settledWith = [];
    var callbacks = { resolved: [], rejected: [] };

    function settle(to, args) {
      if (state !== 'pending') return;
      state = to;
      settledWith = args;
      callbacks[to].forEach(function (callback) {
        callback.apply(null, args);
      });
    }
    function on(which, callback) {
      if (state === which) callback.apply(null, settledWith);
      else if (state === 'pending') callbacks[which].push(callback);
      return promise;
    }
    function chain(next, callback, passThrough) {
      return function () {
        if (!callback) return passThrough.apply(null, arguments);
        try {
          next.resolve(callback.apply(null, arguments));
        } catch (error) {
          next.reject(error);
        }
      };
    }

    var promise = {
      state: function () {
        return state;
      },
      done: function (callback) {
        return on('resolved', callback);
      },
      fail: function (callback) {
        return on('rejected', callback);
      },
      always: function (callback) {
        return on('resolved', callback), on('rejected', callback);
      },
      then: function (onDone, onFail) {
        var next = $.Deferred();
        on('resolved', chain(next, onDone, next.resolve));
        on('rejected', chain(next, onFail, next.reject));
        return next.promise();
      },
      promise: function () {
        return promise;
      },
    };
    return Object.assign({}, promise, {
      resolve: function () {
        settle('resolved', Array.from(arguments));
      },
      reject: function () {
        settle('rejected', Array.from(arguments));
      },
    });
  };

  return $;
});
