/**
 * A Rotor rotation function that extends the built-in PostgreSQL single-user rotation with extra grants: the
 * changer ({@link com.example.rotation.pggrants.ExtraGrantsChanger}) and the Lambda handler
 * ({@link com.example.rotation.pggrants.ReportingGrantsHandler}).
 */
package com.example.rotation.pggrants;
