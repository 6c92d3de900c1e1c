// Plays Kommo's part around the built script.js: the `APP` global, the widget object with the host
// methods (reference kommo.md §2.2–§3), and the lifecycle render → init → bind_actions, then
// advancedSettings on the widget's settings page.
// window.__kommo lets tests and the demo drive it.
(function () {
  'use strict';
  var config = window.__kommoConfig;
  var notifications = [];
  var requests = [];
  var onSettingsPage = config.area === 'advanced_settings';

  window.APP = {
    data: {
      current_card: onSettingsPage ? false : {
        id: config.cardId,
        model: {
          get: function (attribute) {
            return attribute === 'name' ? config.cardName : undefined;
          },
        },
      },
    },
    lang_id: config.language,
    constant: function (name) {
      if (name === 'user') return { id: config.userId, name: 'Demo Manager', login: 'manager@example.com' };
      if (name === 'account') return { id: config.accountId, subdomain: config.subdomain };
      return undefined;
    },
    isCard: function () {
      return !onSettingsPage;
    },
    getBaseEntity: function () {
      return config.area === 'ccard' ? 'contacts' : 'leads';
    },
    notifications: {
      show_message_error: function (message) {
        notifications.push(message);
      },
    },
  };

  require(['jquery', config.scriptUrl], function ($, Widget) {
    function fetchToken() {
      return fetch('/__token?area=' + encodeURIComponent(config.area), { cache: 'no-store' }).then(function (response) {
        return response.json();
      }).then(function (body) {
        return body.token;
      });
    }

    // jQuery's $.ajax outcome rules: non-2xx fails; with dataType json, 204 succeeds with no data
    // and any other body that is not JSON fails with 'parsererror'; status 0 means no answer.
    function authorizedAjax(options) {
      var deferred = $.Deferred();
      var method = (options.method || options.type || 'GET').toUpperCase();
      requests.push({ method: method, url: options.url });
      fetchToken()
        .then(function (token) {
          var headers = Object.assign({}, options.headers, { 'X-Auth-Token': token });
          if (options.data !== undefined) headers['Content-Type'] = options.contentType || 'application/x-www-form-urlencoded; charset=UTF-8';
          return fetch(options.url, { method: method, headers: headers, body: options.data });
        })
        .then(
          function (response) {
            return response.text().then(function (text) {
              var jqXhr = { status: response.status, statusText: response.statusText, responseText: text, readyState: 4 };
              var parsed;
              try {
                parsed = text ? JSON.parse(text) : undefined;
                jqXhr.responseJSON = parsed;
              } catch (error) {
                parsed = undefined;
              }
              var ok = (response.status >= 200 && response.status < 300) || response.status === 304;
              if (!ok) deferred.reject(jqXhr, 'error', response.statusText);
              else if (response.status === 204) deferred.resolve(undefined, 'nocontent', jqXhr);
              else if (options.dataType === 'json' && parsed === undefined) deferred.reject(jqXhr, 'parsererror', new SyntaxError('Unexpected end of JSON input'));
              else deferred.resolve(options.dataType === 'json' ? parsed : text, 'success', jqXhr);
            });
          },
        )
        .catch(function () {
          deferred.reject({ status: 0, statusText: 'error', responseText: '', readyState: 0 }, 'error', '');
        });
      return deferred.promise();
    }

    var host = {
      langs: config.langs,
      params: {
        widget_code: config.widgetCode,
        path: config.widgetPath,
        version: config.version,
        status: 'installed',
        active: 'Y',
        backend_url: config.backendUrl,
      },
      render_template: function (options) {
        var column = document.getElementById('widgets_block');
        var old = column.querySelector('[data-code="' + config.widgetCode + '"]');
        if (old) old.remove();
        var block = document.createElement('div');
        block.className = 'card-widgets__widget';
        block.dataset.code = config.widgetCode;
        var caption = document.createElement('div');
        caption.className = 'card-widgets__widget__caption ' + options.caption.class_name;
        var logo = document.createElement('img');
        logo.src = config.widgetPath + '/images/logo_medium.png';
        logo.alt = config.langs.widget.name;
        caption.append(logo);
        var body = document.createElement('div');
        body.className = 'card-widgets__widget__body';
        body.innerHTML = options.body;
        block.append(caption, body);
        column.append(block);
      },
      get_settings: function () {
        return { backend_url: config.backendUrl, widget_code: config.widgetCode };
      },
      system: function () {
        return { area: config.area, amouser_id: config.userId, amouser: 'manager@example.com', subdomain: config.subdomain };
      },
      get_version: function () {
        return config.version;
      },
      i18n: function (key) {
        return config.langs[key];
      },
      get_current_card_contacts_data: function () {
        return Promise.resolve(config.contacts);
      },
      $authorizedAjax: authorizedAjax,
    };

    // Kommo builds the widget object first and runs the module's constructor on it.
    var widget = Object.create(host);
    Widget.call(widget);

    function lifecycle() {
      var rendered = widget.callbacks.render();
      var initialised = rendered === true && widget.callbacks.init();
      var bound = initialised === true && widget.callbacks.bind_actions() === true;
      if (bound && onSettingsPage) widget.callbacks.advancedSettings();
      return bound;
    }

    window.__kommo = {
      widget: widget,
      notifications: notifications,
      requests: requests,
      lifecycleCompleted: lifecycle(),
      /** What Kommo does when the widget is disabled or the manager leaves the card. */
      destroy: function () {
        widget.callbacks.destroy();
      },
      /** Kommo's single-page navigation event. */
      pageChanged: function () {
        $(document).trigger('page:changed');
      },
      rerender: lifecycle,
    };
    document.dispatchEvent(new CustomEvent('kommo:widget-ready'));
  }, function (error) {
    window.__kommo = { loadError: String(error && error.message ? error.message : error) };
    document.dispatchEvent(new CustomEvent('kommo:widget-ready'));
  });
})();
