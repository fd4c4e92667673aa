/**
 * The few DOM helpers the page scripts share. Pages ship their structure as static markup; scripts
 * only fill in rows and states, so these stay small.
 */

/** The element matching `selector`; a missing one is a bug in the page's markup, so it throws. */
export function find<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Missing element ${selector}`);
  return element;
}

type Child = Node | string | null | undefined | false;

/**
 * `h('td', {class: 'mono'}, text)`: an element with attributes and children. Text is always set
 * as text (never parsed as HTML), so API values cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Clones the `<template data-template="name">` of the page (for markup that carries icons). */
export function fromTemplate<T extends Element = HTMLElement>(name: string): T {
  const template = find<HTMLTemplateElement>(`template[data-template="${name}"]`);
  const element = template.content.firstElementChild?.cloneNode(true);
  if (!(element instanceof Element)) throw new Error(`Template ${name} is empty`);
  return element as T;
}

/** Calls `fn` once input has paused for `ms` (search boxes). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
