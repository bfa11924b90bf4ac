// The Graph API's error codes for a failed message, in words a receptionist can act on (API_REFERENCE.md; Meta's
// "error codes" page). Unknown codes fall back to the error text Meta sent.
const words = {
  en: {
    131047: 'More than 24 hours have passed since the patient last wrote: only an approved template can be sent.',
    470: 'More than 24 hours have passed since the patient last wrote: only an approved template can be sent.',
    131026: 'The message could not be delivered: the number may not be on WhatsApp, or uses an old version.',
    131021: 'The patient’s number is the clinic’s own number.',
    131051: 'WhatsApp does not support this kind of message.',
    131052: 'The media file could not be downloaded.',
    131053: 'The media file could not be uploaded.',
    131056: 'Too many messages to this patient in a short time; try again in a little while.',
    130429: 'The clinic’s number is sending too fast; the message will be retried later.',
    131049: 'Meta held back this marketing message to keep the patient’s experience good.',
    131031: 'The clinic’s WhatsApp account is locked; see the WhatsApp number page.',
    131042: 'A payment problem on the WhatsApp Business account stopped the message.',
    132000: 'The template’s parameters do not match the approved template.',
    132001: 'The template does not exist in this language or is not approved.',
    132015: 'The template is paused because of its low quality.',
    132016: 'The template is disabled.',
    190: 'The access token of the clinic’s number expired; save a new one on the WhatsApp number page.',
    100: 'WhatsApp refused a parameter of the message.',
    131000: 'Something went wrong at WhatsApp; try again.',
  },
  hi: {
    131047: 'मरीज़ के आख़िरी संदेश को 24 घंटे से ज़्यादा हो गए: अब केवल स्वीकृत टेम्पलेट भेजा जा सकता है।',
    470: 'मरीज़ के आख़िरी संदेश को 24 घंटे से ज़्यादा हो गए: अब केवल स्वीकृत टेम्पलेट भेजा जा सकता है।',
    131026: 'संदेश नहीं पहुँच सका: यह नंबर शायद WhatsApp पर नहीं है या पुराना संस्करण चलाता है।',
    131021: 'मरीज़ का नंबर क्लिनिक का अपना नंबर है।',
    131051: 'WhatsApp इस तरह के संदेश का समर्थन नहीं करता।',
    131052: 'मीडिया फ़ाइल डाउनलोड नहीं हो सकी।',
    131053: 'मीडिया फ़ाइल अपलोड नहीं हो सकी।',
    131056: 'इस मरीज़ को कम समय में बहुत संदेश भेजे गए; थोड़ी देर बाद फिर कोशिश करें।',
    130429: 'क्लिनिक का नंबर बहुत तेज़ी से भेज रहा है; संदेश बाद में फिर भेजा जाएगा।',
    131049: 'मरीज़ के अनुभव के लिए Meta ने यह मार्केटिंग संदेश रोक दिया।',
    131031: 'क्लिनिक का WhatsApp खाता लॉक है; WhatsApp नंबर पेज देखें।',
    131042: 'WhatsApp Business खाते में भुगतान की समस्या के कारण संदेश रुक गया।',
    132000: 'टेम्पलेट के पैरामीटर स्वीकृत टेम्पलेट से मेल नहीं खाते।',
    132001: 'यह टेम्पलेट इस भाषा में मौजूद नहीं है या स्वीकृत नहीं है।',
    132015: 'कम गुणवत्ता के कारण टेम्पलेट रोका गया है।',
    132016: 'टेम्पलेट बंद कर दिया गया है।',
    190: 'क्लिनिक के नंबर का एक्सेस टोकन समाप्त हो गया; WhatsApp नंबर पेज पर नया टोकन सहेजें।',
    100: 'WhatsApp ने संदेश का एक पैरामीटर अस्वीकार किया।',
    131000: 'WhatsApp में कुछ गड़बड़ हुई; फिर कोशिश करें।',
  },
};

export function metaError(code, text, lang) {
  const table = words[lang] || words.en;
  const known = code != null ? table[Number(code)] : undefined;
  const tail = code != null ? ` (${lang === 'hi' ? 'कोड' : 'code'} ${code})` : '';
  if (known) return known + tail;
  if (text) return text + tail;
  return (lang === 'hi' ? 'कारण नहीं बताया गया।' : 'No reason was given.') + tail;
}
