// One triangle that covers the viewport; vNdc runs -1..1 across it. Drawn with 3 vertices, no buffers.
out vec2 vNdc;

void main()
{
    vec2 p = vec2((gl_VertexID == 1) ? 3.0 : -1.0, (gl_VertexID == 2) ? 3.0 : -1.0);
    vNdc = p;
    gl_Position = vec4(p, 0.0, 1.0);
}
