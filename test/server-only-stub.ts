// Stand-in for 'server-only' in unit tests: there is no client bundle to protect there.
export {};
