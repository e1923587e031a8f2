/**
 * Who may change what the detectors serve: operator actions (every request that is not a read) need the
 * operator's HTTP basic credentials or bearer token from {@code streamad.security.operator.*}; reads stay open.
 */
package io.streamad.detector.security;
