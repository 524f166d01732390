/**
 * Advance widths of Helvetica for the printable ASCII characters 32–126, in thousandths of the
 * font size (Adobe's Core 14 AFM metrics, Helvetica.afm). Browsers draw the SVG's `sans-serif`
 * with Helvetica, Arial (the same widths) or a close cousin.
 */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0–9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A–O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P–Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a–o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p–z { | } ~
];
/** Anything else (µ, ×, …) is taken as wide as a digit. */
const OTHER = 556;

/**
 * Where no Helvetica or Arial is installed (most Linux desktops), `sans-serif` is DejaVu Sans,
 * about 12% wider on ordinary text; the margin makes room for it.
 */
const WIDEST_SANS = 1.15;

/** The width in px of `text` set in a sans-serif at `fontSizePx`, erring wide. */
export function textWidthPx(text: string, fontSizePx: number): number {
  let thousandths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    thousandths += code >= 32 && code <= 126 ? HELVETICA[code - 32] : OTHER;
  }
  return (WIDEST_SANS * thousandths * fontSizePx) / 1000;
}
