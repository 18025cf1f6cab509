/**
 * Building DOM and SVG nodes from data. Text always goes in through `textContent`, never as HTML, so rider names
 * and fan text cannot inject markup; styles are set by class (CSP: no inline style attributes).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {Record<string, string | number | boolean | null | undefined>} Attributes
 * A `false`, null or undefined value leaves the attribute out; `true` sets it empty.
 */

/**
 * @param {Element} node
 * @param {Attributes} attributes
 */
function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) node.removeAttribute(name);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * @param {Element} node
 * @param {(Node | string | null | undefined | false)[]} children
 */
function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * An HTML element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

/**
 * An SVG element.
 * @param {string} tag
 * @param {Attributes} [attributes]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {SVGElement}
 */
export function s(tag, attributes = {}, children = []) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

/**
 * The element with this id; throws when the page lacks it (a broken page should fail loudly, not half-render).
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @returns {E}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page must have an element #${id}`);
  return /** @type {E} */ (node);
}
