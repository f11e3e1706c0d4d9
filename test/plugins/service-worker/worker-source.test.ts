import { describe, expect, it } from 'vitest'
import { readWorkerSource } from '../../../plugins/service-worker/worker-source.js'
import { workboxWorker } from './helpers.js'

// generateSW's production output (minified, AMD loader), shortened.
const GENERATED =
  'if(!self.define){let e,n={};self.define=(t,i)=>{}}define(["./workbox-9a9b30a4"],function(e){"use strict";self.skipWaiting(),e.clientsClaim(),e.precacheAndRoute([{url:"index.html",revision:"79d8078f"},{url:"assets/index-B3x9aK2f.js",revision:null}],{}),e.cleanupOutdatedCaches(),e.registerRoute(new e.NavigationRoute(e.createHandlerBoundToURL("index.html"),{denylist:[/^\\/api\\//]})),e.registerRoute(function({url:e}){return e.pathname.startsWith("/api/")},new e.NetworkFirst({cacheName:"api",networkTimeoutSeconds:3,plugins:[new e.ExpirationPlugin({maxEntries:50})]}),"GET"),e.registerRoute(/\\/assets\\//,new e.CacheFirst({cacheName:"assets",plugins:[new e.ExpirationPlugin({maxEntries:100})]}),"GET")});'

describe('reading a worker', () => {
  it("generateSW's minified output: manifest, fallback and denylist, routes, the runtime import", async () => {
    const facts = await readWorkerSource(GENERATED, 'sw.js')
    expect(facts.workbox).toBe(true)
    expect(facts.manifest).toEqual([
      { url: 'index.html', revision: '79d8078f' },
      { url: 'assets/index-B3x9aK2f.js', revision: null },
    ])
    expect(facts.imports).toEqual(['./workbox-9a9b30a4.js'])
    expect(facts.navigation?.fallback).toBe('index.html')
    expect(facts.navigation?.denylist?.map(String)).toEqual(['/^\\/api\\//'])
    expect(facts.routes).toEqual([
      expect.objectContaining({
        strategy: 'NetworkFirst',
        method: 'GET',
        cacheName: 'api',
        networkTimeoutSeconds: 3,
        expiration: true,
      }),
      expect.objectContaining({
        strategy: 'CacheFirst',
        cacheName: 'assets',
        expiration: true,
        matcher: '/\\/assets\\//',
      }),
    ])
  })

  it('an injectManifest worker as a bundler writes it: (0, ns.fn)(…) calls and new Route(…)', async () => {
    const source = [
      'var p = require("workbox-precaching"), r = require("workbox-routing"), s = require("workbox-strategies");',
      '(0, p.precacheAndRoute)([{"revision":"abc","url":"index.html"}, "robots.txt"]);',
      '(0, r.registerRoute)(new r.Route(({ request }) => request.destination === "image", new s.StaleWhileRevalidate(), "GET"));',
    ].join('\n')
    const facts = await readWorkerSource(source, 'sw.js')
    expect(facts.manifest).toEqual([
      { url: 'index.html', revision: 'abc' },
      { url: 'robots.txt', revision: null },
    ])
    expect(facts.routes).toEqual([expect.objectContaining({ strategy: 'StaleWhileRevalidate', line: 3 })])
  })

  it('the workbox-sw namespace of older workers (importScripts)', async () => {
    const source =
      "importScripts('https://storage.googleapis.com/workbox-cdn/releases/6.5.4/workbox-sw.js')\nworkbox.precaching.precacheAndRoute([{ url: '/index.html', revision: '1' }])\nworkbox.routing.registerRoute(/\\.png$/, new workbox.strategies.CacheFirst())\n"
    const facts = await readWorkerSource(source, 'sw.js')
    expect(facts.workbox).toBe(true)
    expect(facts.routes).toEqual([
      expect.objectContaining({ strategy: 'CacheFirst', expiration: false, line: 3 }),
    ])
  })

  it('ESM sources parse too; a route without options has no cache name or timeout', async () => {
    const facts = await readWorkerSource(
      workboxWorker({ navigation: null, routes: ["registerRoute(/x/, new NetworkFirst(), 'post')"] }),
      'sw.js',
    )
    expect(facts.navigation).toBeNull()
    expect(facts.routes).toEqual([
      expect.objectContaining({
        strategy: 'NetworkFirst',
        method: 'POST',
        cacheName: null,
        networkTimeoutSeconds: null,
      }),
    ])
  })

  it('a worker without Workbox, and a file that is not JavaScript', async () => {
    const plain = await readWorkerSource(
      "self.addEventListener('install', () => self.skipWaiting())",
      'sw.js',
    )
    expect(plain).toMatchObject({ workbox: false, manifest: null, routes: [] })
    await expect(readWorkerSource('<!doctype html><p>404</p>', 'dist/sw.js')).rejects.toThrow(
      /dist\/sw\.js is not valid JavaScript/,
    )
  })
})
