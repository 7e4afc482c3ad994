/**
 * A Rotor rotation function for the API key of an HTTP service that issues keys itself: the changer
 * ({@link com.example.rotation.apikey.ApiKeyChanger}) and the Lambda handler
 * ({@link com.example.rotation.apikey.ApiKeyRotationHandler}).
 */
package com.example.rotation.apikey;
