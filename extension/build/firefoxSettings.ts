/**
 * What the Firefox manifest says beyond Chrome's (`browser_specific_settings.gecko`). addons-linter's
 * manifest schema lists the valid data categories; extension/README.md says why each is declared.
 */
export const geckoSettings = {
  // MV3 Firefox keeps storage per add-on id, so the id must not change between versions.
  id: 'kommo-esp-bridge@extension',
  // 140 is the first release that asks for the data consent below at install (and it has
  // optional_host_permissions, from 128); an older one would need a consent screen of our own.
  strict_min_version: '140.0',
  // Mozilla counts as transmitted what is handled outside the browser, even on the user's own backend.
  // All three are required: without them there is no panel.
  data_collection_permissions: {
    required: [
      // The deal's contacts: names, emails, phones and their subscription states come from the backend.
      'personallyIdentifyingInfo',
      // The personal token goes with every call.
      'authenticationInfo',
      // The backend learns which deal cards the manager opens (their ids are in every call).
      'browsingActivity',
    ],
  },
};

/** Firefox for Android asks for that consent from 142. */
export const geckoAndroidSettings = { strict_min_version: '142.0' };
