// Volume raymarching in texture space. Feature set chosen at compile time (#define) because on
// llvmpipe the fetches of a branch switched off by a uniform still run:
//   MIP           maximum intensity projection instead of compositing
//   LABELS        segmentation labels (usampler3D) with a per-label colour table (alpha = opacity, 0 = hidden)
//   LABEL_OUTLINE labels only on their boundary voxels
//   UNCERTAINTY   uncertainty map through a colormap, above a threshold, with a blend weight
//   SHADING       Blinn-Phong headlight from a precomputed gradient volume
//   SKIP          empty-space skipping over a coarse occupancy grid
in vec2 vNdc;
out vec4 fragColor;

uniform mat4 uPatientToTex;     // patient LPS (mm) -> texture coordinates of the volume grid
uniform vec3 uCamCenter;        // patient point behind the volume for ndc (0,0)
uniform vec3 uCamRight;         // patient vector for ndc x = 1 (half width in mm)
uniform vec3 uCamUp;            // patient vector for ndc y = 1
uniform vec3 uCamForward;       // unit viewing direction (orthographic)
uniform float uStepMm;
uniform float uOpacityExponent; // step / reference step; the colour tables arrive already corrected for it
uniform vec3 uClipMin;          // clip box in texture coordinates
uniform vec3 uClipMax;
uniform float uJitterSeed;
uniform vec4 uBackground;
uniform sampler3D uVolume;       // r: intensity, g: uncertainty (when UNCERTAINTY)
uniform sampler2D uTransfer;    // 256 x 1 RGBA, alpha already corrected for the current step
uniform vec2 uTfScaleBias;      // transfer coordinate = normalized intensity * x + y
uniform vec2 uWindowScaleBias;  // MIP grey = normalized intensity * x + y

#ifdef SKIP
uniform sampler3D uOccupancy;   // one texel per block: bits 1 transfer function, 2 labels, 4 uncertainty (0 = empty)
uniform vec3 uBlocksPerTex;     // block count per unit texture coordinate
#endif
#ifdef LABELS
uniform usampler3D uLabels;
uniform sampler2D uLabelColors; // 256 x 1
uniform vec3 uVolumeSize;
#endif
#ifdef UNCERTAINTY
uniform sampler2D uUncertaintyColors;
uniform float uUncertaintyThreshold;
uniform float uUncertaintyBlend;
#endif
#ifdef SHADING
uniform sampler3D uGradient;    // xyz: patient-space normal * 0.5 + 0.5, w: gradient magnitude
#endif

float hash(vec2 p)
{
    p = fract(p * vec2(443.897, 441.423) + uJitterSeed);
    p += dot(p, p.yx + 19.19);
    return fract((p.x + p.y) * p.x);
}

#ifdef LABELS
vec4 labelColor(vec3 p)
{
    ivec3 v = clamp(ivec3(p * uVolumeSize), ivec3(0), ivec3(uVolumeSize) - 1);
    uint lab = texelFetch(uLabels, v, 0).r;
    if (lab == 0u)
        return vec4(0.0);
#ifdef LABEL_OUTLINE
    ivec3 hi = ivec3(uVolumeSize) - 1;
    bool edge = texelFetch(uLabels, min(v + ivec3(1, 0, 0), hi), 0).r != lab
             || texelFetch(uLabels, max(v - ivec3(1, 0, 0), ivec3(0)), 0).r != lab
             || texelFetch(uLabels, min(v + ivec3(0, 1, 0), hi), 0).r != lab
             || texelFetch(uLabels, max(v - ivec3(0, 1, 0), ivec3(0)), 0).r != lab
             || texelFetch(uLabels, min(v + ivec3(0, 0, 1), hi), 0).r != lab
             || texelFetch(uLabels, max(v - ivec3(0, 0, 1), ivec3(0)), 0).r != lab;
    if (!edge)
        return vec4(0.0);
#endif
    return texelFetch(uLabelColors, ivec2(int(lab), 0), 0);
}
#endif

void main()
{
    vec3 originP = uCamCenter + vNdc.x * uCamRight + vNdc.y * uCamUp;
    vec3 o = (uPatientToTex * vec4(originP, 1.0)).xyz;
    vec3 d = (uPatientToTex * vec4(uCamForward, 0.0)).xyz;
    vec3 inv = 1.0 / mix(d, vec3(1e-12), lessThan(abs(d), vec3(1e-12)));
    vec3 ta = (uClipMin - o) * inv;
    vec3 tb = (uClipMax - o) * inv;
    vec3 tmin = min(ta, tb);
    vec3 tmax = max(ta, tb);
    float tNear = max(max(max(tmin.x, tmin.y), tmin.z), 0.0);
    float tFar = min(min(tmax.x, tmax.y), tmax.z);
    if (tNear >= tFar)
    {
        fragColor = uBackground;
        return;
    }

    float t = tNear + hash(gl_FragCoord.xy) * uStepMm;
    ivec3 block = ivec3(-1);
    int occupancy = 7;
#ifdef MIP
    float best = -1.0;
    vec3 bestP = o + t * d;
#else
    vec4 acc = vec4(0.0);
#endif
    while (t < tFar)
    {
        vec3 p = o + t * d;
#ifdef SKIP
        ivec3 b = ivec3(p * uBlocksPerTex);
        if (b != block)
        {
            // One occupancy fetch per block entered, not per sample: texture fetches dominate on llvmpipe.
            block = b;
            occupancy = int(texelFetch(uOccupancy, b, 0).r * 255.0 + 0.5);
        }
        if (occupancy == 0)
        {
            // Jump to the first sample past this block, staying on the jittered sample lattice.
            vec3 bmin = vec3(b) / uBlocksPerTex;
            vec3 bmax = vec3(b + 1) / uBlocksPerTex;
            vec3 te = (mix(bmin, bmax, greaterThan(d, vec3(0.0))) - o) * inv;
            float tExit = min(min(te.x, te.y), te.z);
            t += max(ceil((tExit - t) / uStepMm), 1.0) * uStepMm;
            continue;
        }
#endif
        vec2 sample2 = textureLod(uVolume, p, 0.0).rg;
        float s = sample2.r;
#ifdef MIP
        if (s > best)
        {
            best = s;
            bestP = p;
        }
#else
        vec4 c = textureLod(uTransfer, vec2(s * uTfScaleBias.x + uTfScaleBias.y, 0.5), 0.0);
#ifdef LABELS
        // Label fetches only in blocks holding a visible label (without SKIP, occupancy stays 7).
        if ((occupancy & 2) != 0)
        {
            vec4 lc = labelColor(p);
            if (lc.a > 0.0)
                c = vec4(mix(c.rgb, lc.rgb, 0.85), max(c.a, lc.a));
        }
#endif
#ifdef UNCERTAINTY
        float u = sample2.g;
        if (u > uUncertaintyThreshold)
        {
            float x = (u - uUncertaintyThreshold) / max(1.0 - uUncertaintyThreshold, 1e-3);
            vec4 uc = textureLod(uUncertaintyColors, vec2(x, 0.5), 0.0);
            float ua = 1.0 - pow(1.0 - uUncertaintyBlend * x * 0.5, uOpacityExponent);
            c = vec4(mix(c.rgb, uc.rgb, uUncertaintyBlend), max(c.a, ua));
        }
#endif
        if (c.a > 0.002)
        {
#ifdef SHADING
            vec4 g = textureLod(uGradient, p, 0.0);
            if (g.w > 0.02)
            {
                vec3 n = normalize(g.xyz * 2.0 - 1.0);
                float lambert = abs(dot(n, uCamForward));
                float spec = pow(lambert, 24.0);
                c.rgb = c.rgb * (0.25 + 0.75 * lambert) + 0.25 * spec;
            }
#endif
            acc.rgb += (1.0 - acc.a) * c.a * c.rgb;
            acc.a += (1.0 - acc.a) * c.a;
            if (acc.a > 0.97)
                break;
        }
#endif
        t += uStepMm;
    }
#ifdef MIP
    if (best < 0.0)
    {
        fragColor = uBackground;
        return;
    }
    vec3 grey = vec3(clamp(best * uWindowScaleBias.x + uWindowScaleBias.y, 0.0, 1.0));
#ifdef LABELS
    vec4 lc = labelColor(bestP);
    grey = mix(grey, lc.rgb, lc.a);
#endif
#ifdef UNCERTAINTY
    float u = textureLod(uVolume, bestP, 0.0).g;
    if (u > uUncertaintyThreshold)
    {
        float x = (u - uUncertaintyThreshold) / max(1.0 - uUncertaintyThreshold, 1e-3);
        grey = mix(grey, texture(uUncertaintyColors, vec2(x, 0.5)).rgb, uUncertaintyBlend);
    }
#endif
    fragColor = vec4(grey, 1.0);
#else
    fragColor = vec4(acc.rgb + (1.0 - acc.a) * uBackground.rgb, 1.0);
#endif
}
