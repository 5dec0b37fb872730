// One glyph quad of the overlay text (orientation letters). Two triangles from gl_VertexID.
uniform vec2 uOriginNdc;  // bottom-left corner of the glyph
uniform vec2 uSizeNdc;
out vec2 vUv;

void main()
{
    const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
    vec2 c = corners[gl_VertexID];
    vUv = vec2(c.x, 1.0 - c.y);
    gl_Position = vec4(uOriginNdc + c * uSizeNdc, 0.0, 1.0);
}
