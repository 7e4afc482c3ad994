package dev.rotor.example;

import dev.rotor.RotationHandler;

// The README's example handler (see ApiKeyChanger). SAM: Handler: dev.rotor.example.ApiKeyRotationHandler
public final class ApiKeyRotationHandler extends RotationHandler {
    public ApiKeyRotationHandler() {
        super(new ApiKeyChanger(KeyService.fromEnvironment()));
    }
}
